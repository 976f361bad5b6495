import { Injectable } from '@nestjs/common';
import { AuditChainVerifier, AuditEventsRepository, fromStoredData, type AuditEventRecord, type ChainVerdict } from '@app/database';
import { DomainError, Errors } from '../common/domain-error';
import { AUDIT_PAGE_DEFAULT, type AuditEventDto, type AuditEventsPageDto, type AuditEventsQueryDto } from './dto/audit-events.dto';

const CURSOR_SEQ = /^[1-9]\d{0,14}$/;

/** The cursor is the seq of the last item shown, base64url-encoded so clients treat it as opaque. */
export function encodeCursor(seq: number): string {
  return Buffer.from(String(seq)).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Re-encoding must give back the same string: anything else was not issued by us.
  if (!CURSOR_SEQ.test(text) || encodeCursor(Number(text)) !== cursor) {
    throw new DomainError(400, 'invalid_cursor', 'The cursor is not one this API issued: start again without it');
  }
  return Number(text);
}

function toDto(r: AuditEventRecord): AuditEventDto {
  return { id: r._id, seq: r.seq, at: new Date(r.at).toISOString(), type: r.type, actor: r.actor, subject: r.subject, data: fromStoredData(r.data ?? {}) };
}

@Injectable()
export class AuditTrailService {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly verifier: AuditChainVerifier,
  ) {}

  async list(workspaceId: string, q: AuditEventsQueryDto): Promise<AuditEventsPageDto> {
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from > to) throw Errors.validation([{ field: 'from', problems: ['from must not be after to'] }]);
    const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
    const rows = await this.events.page(workspaceId, {
      types: q.type ? [...new Set(q.type.split(','))] : undefined,
      from,
      to,
      beforeSeq: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
      limit,
    });
    const items = rows.slice(0, limit).map(toDto);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].seq) : null };
  }

  verify(workspaceId: string): Promise<ChainVerdict> {
    return this.verifier.verify(workspaceId);
  }
}
