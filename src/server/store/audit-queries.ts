import type { Kysely } from 'kysely';
import { checkLimit, checkTime, toNumber } from './query-values.js';
import type { Database } from './schema.js';
import type { AuditAction, AuditEntry, AuditRecord, ExportFormat } from './store.js';

// The creator's audit log: who listed, read or exported which meeting, and when.

export async function recordAudit(db: Kysely<Database>, entry: AuditRecord): Promise<void> {
  checkTime(entry.at, 'at');
  if (!['list', 'read', 'export', 'recording-download', 'recording-delete'].includes(entry.action)) {
    throw new RangeError(`"action" expected list, read, export, recording-download or recording-delete, got ${String(entry.action)}`);
  }
  if ((entry.format !== undefined) !== (entry.action === 'export')) {
    throw new TypeError('"format" is required for an export and only for an export');
  }
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actorUserId,
      action: entry.action,
      meeting_id: entry.meeting ?? null,
      format: entry.format ?? null,
      at: entry.at,
    })
    .execute();
}

export async function listAudit(db: Kysely<Database>, creatorUserId: string, page: { limit: number }): Promise<AuditEntry[]> {
  checkLimit(page.limit);
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('actor_user_id', '=', creatorUserId),
        eb('meeting_id', 'in', eb.selectFrom('meetings as c').select('c.id').where('c.creator_user_id', '=', creatorUserId)),
      ]),
    )
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map((row) => ({
    id: toNumber(row.id),
    actorUserId: row.actor_user_id,
    action: row.action as AuditAction,
    meeting: row.meeting_id,
    format: row.format as ExportFormat | null,
    at: toNumber(row.at),
  }));
}
