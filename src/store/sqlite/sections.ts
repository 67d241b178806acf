import { SECTION_KEYS } from '../../plan/schema.ts';
import type { Store } from '../port.ts';
import { GuardNotesRow, jsonColumn, parseRow, SectionRow } from '../rows.ts';
import { changedRow, type SqliteContext } from './context.ts';

type SectionQueries = Pick<Store, 'saveSection' | 'listSections' | 'saveGuardNotes' | 'getGuardNotes'>;

export function sectionQueries({ sql }: SqliteContext): SectionQueries {
  return {
    async saveSection(section) {
      sql(
        `INSERT INTO sections (plan_id, version, key, content, hash) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (plan_id, version, key) DO UPDATE SET content = excluded.content, hash = excluded.hash`,
      ).run(section.planId, section.version, section.key, jsonColumn(section.content), section.hash);
    },

    async listSections(planId, version) {
      const rows = sql('SELECT * FROM sections WHERE plan_id = ? AND version = ?').all(planId, version);
      return rows
        .map((row) => parseRow(SectionRow, 'sections', 'key', row))
        .sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
    },

    async saveGuardNotes(record) {
      return changedRow(
        sql(
          `INSERT INTO guard_notes (plan_id, section_key, hash, notes) VALUES (?, ?, ?, ?)
           ON CONFLICT (plan_id, section_key, hash) DO NOTHING`,
        ),
        record.planId,
        record.key,
        record.hash,
        jsonColumn(record.notes),
      );
    },

    async getGuardNotes(planId, key, hash) {
      const row = sql('SELECT notes FROM guard_notes WHERE plan_id = ? AND section_key = ? AND hash = ?').get(
        planId,
        key,
        hash,
      );
      return row ? parseRow(GuardNotesRow, 'guard_notes', 'hash', row) : [];
    },
  };
}
