import { SECTION_KEYS } from '../../plan/schema.ts';
import type { Store } from '../port.ts';
import { GuardNotesRow, jsonColumn, MessageRow, parseRow, SectionRow } from '../rows.ts';
import { changed, type PgContext } from './context.ts';

type SectionQueries = Pick<
  Store,
  | 'saveSection'
  | 'listSections'
  | 'saveGuardNotes'
  | 'getGuardNotes'
  | 'recordMessage'
  | 'listMessages'
  | 'deleteMessagesFrom'
>;

/** Sections, what the guard noted about them, and the Slack messages that show them. */
export function sectionQueries(ctx: PgContext): SectionQueries {
  return {
    async saveSection(section) {
      await ctx.query(
        `INSERT INTO sections (plan_id, version, key, content, hash) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (plan_id, version, key) DO UPDATE SET content = excluded.content, hash = excluded.hash`,
        [section.planId, section.version, section.key, jsonColumn(section.content), section.hash],
      );
    },

    async listSections(planId, version) {
      const { rows } = await ctx.query('SELECT * FROM sections WHERE plan_id = $1 AND version = $2', [
        planId,
        version,
      ]);
      return rows
        .map((row) => parseRow(SectionRow, 'sections', 'key', row))
        .sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
    },

    async saveGuardNotes(record) {
      const result = await ctx.query(
        `INSERT INTO guard_notes (plan_id, section_key, hash, notes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (plan_id, section_key, hash) DO NOTHING`,
        [record.planId, record.key, record.hash, jsonColumn(record.notes)],
      );
      return changed(result);
    },

    async getGuardNotes(planId, key, hash) {
      const { rows } = await ctx.query(
        'SELECT notes FROM guard_notes WHERE plan_id = $1 AND section_key = $2 AND hash = $3',
        [planId, key, hash],
      );
      return rows[0] ? parseRow(GuardNotesRow, 'guard_notes', 'hash', rows[0]) : [];
    },

    async recordMessage(message) {
      await ctx.query(
        `INSERT INTO messages (plan_id, item_key, part, ts) VALUES ($1, $2, $3, $4)
         ON CONFLICT (plan_id, item_key, part) DO NOTHING`,
        [message.planId, message.itemKey, message.part, message.ts],
      );
    },

    async listMessages(planId) {
      const { rows } = await ctx.query(
        'SELECT plan_id, item_key, part, ts FROM messages WHERE plan_id = $1 ORDER BY seq',
        [planId],
      );
      return rows.map((row) => parseRow(MessageRow, 'messages', 'item_key', row));
    },

    async deleteMessagesFrom(planId, itemKey, fromPart) {
      await ctx.query('DELETE FROM messages WHERE plan_id = $1 AND item_key = $2 AND part >= $3', [
        planId,
        itemKey,
        fromPart,
      ]);
    },
  };
}
