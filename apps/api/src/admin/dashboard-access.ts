import type { AppConfig } from '@app/config';
import { safeEqual } from '@app/security';

export const DASHBOARD_ROUTE = '/admin/queues';

export type DashboardDecision = 'allow' | 'unauthorized' | 'forbidden';

/** Bull Board routes that would put hand-written data into a queue, bypassing the sealed job contract. */
const DATA_WRITING_ROUTES = [/\/api\/queues\/[^/]+\/add$/, /\/api\/queues\/[^/]+\/[^/]+\/update-data$/];

export function isDashboardPath(url: string): boolean {
  const path = url.split('?')[0].toLowerCase();
  return path === DASHBOARD_ROUTE || path.startsWith(`${DASHBOARD_ROUTE}/`);
}

/**
 * The operator token (Bearer) or DASHBOARD_USER/DASHBOARD_PASSWORD (Basic) opens the dashboard. Read-only
 * mode is enforced by Bull Board itself on every mutating route; adding or editing job data is refused always.
 */
export function decideDashboardAccess(config: AppConfig, method: string, url: string, authorization: string | undefined): DashboardDecision {
  if (!credentialsValid(config, authorization)) return 'unauthorized';
  const path = url.split('?')[0];
  if (method !== 'GET' && DATA_WRITING_ROUTES.some((route) => route.test(path))) return 'forbidden';
  return 'allow';
}

function credentialsValid(config: AppConfig, header: string | undefined): boolean {
  if (typeof header !== 'string') return false;
  const bearer = /^Bearer\s+(\S{1,512})$/i.exec(header);
  if (bearer) return safeEqual(bearer[1], config.operatorToken);
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(header);
  const { user, password } = config.dashboard;
  if (!basic || !user || !password) return false;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both compared in full, always: no early exit that tells which half was wrong.
  const userOk = safeEqual(decoded.slice(0, colon), user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), password);
  return userOk && passwordOk;
}
