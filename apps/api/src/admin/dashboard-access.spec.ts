import type { AppConfig } from '@app/config';
import { decideDashboardAccess, isDashboardPath } from './dashboard-access';

const config = { operatorToken: 'operator-token-0123456789abcdef', dashboard: { user: 'ops', password: 'dashboard-password', readOnly: false } } as AppConfig;
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('dashboard access', () => {
  it('guards the whole prefix, whatever the case or query', () => {
    for (const url of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues?x=1', '/ADMIN/Queues/static/x.js']) expect(isDashboardPath(url)).toBe(true);
    for (const url of ['/admin/queuesX', '/v1/challenges', '/admin']) expect(isDashboardPath(url)).toBe(false);
  });

  it('opens with the operator token or the basic credentials, and only with them', () => {
    expect(decideDashboardAccess(config, 'GET', '/admin/queues', `Bearer ${config.operatorToken}`)).toBe('allow');
    expect(decideDashboardAccess(config, 'GET', '/admin/queues', basic('ops', 'dashboard-password'))).toBe('allow');
    for (const header of [undefined, '', 'Bearer wrong', basic('ops', 'wrong'), basic('other', 'dashboard-password'), basic('ops', ''), 'Basic !!!', `Basic ${config.operatorToken}`]) {
      expect(decideDashboardAccess(config, 'GET', '/admin/queues', header)).toBe('unauthorized');
    }
  });

  it('turns basic auth off when no dashboard credentials are configured', () => {
    const noBasic = { ...config, dashboard: { readOnly: false } } as AppConfig;
    expect(decideDashboardAccess(noBasic, 'GET', '/admin/queues', basic('', ''))).toBe('unauthorized');
    expect(decideDashboardAccess(noBasic, 'GET', '/admin/queues', `Bearer ${config.operatorToken}`)).toBe('allow');
  });

  it('refuses to write job data even to an operator, but allows retries', () => {
    const auth = `Bearer ${config.operatorToken}`;
    expect(decideDashboardAccess(config, 'POST', '/admin/queues/api/queues/deliveries/add', auth)).toBe('forbidden');
    expect(decideDashboardAccess(config, 'PATCH', '/admin/queues/api/queues/deliveries/job-1/update-data', auth)).toBe('forbidden');
    expect(decideDashboardAccess(config, 'PUT', '/admin/queues/api/queues/deliveries/job-1/retry', auth)).toBe('allow');
  });
});
