import type { Store } from '../port.ts';
import { MessageRow, parseRow } from '../rows.ts';
import type { SqliteContext } from './context.ts';

type MessageQueries = Pick<Store, 'recordMessage' | 'listMessages' | 'deleteMessagesFrom'>;

export function messageQueries({ sql }: SqliteContext): MessageQueries {
  return {
    async recordMessage(message) {
      sql(
        `INSERT INTO messages (plan_id, item_key, part, ts) VALUES (?, ?, ?, ?)
         ON CONFLICT (plan_id, item_key, part) DO NOTHING`,
      ).run(message.planId, message.itemKey, message.part, message.ts);
    },

    async listMessages(planId) {
      // rowid order is the order the messages were posted in.
      const rows = sql('SELECT * FROM messages WHERE plan_id = ? ORDER BY rowid').all(planId);
      return rows.map((row) => parseRow(MessageRow, 'messages', 'item_key', row));
    },

    async deleteMessagesFrom(planId, itemKey, fromPart) {
      sql('DELETE FROM messages WHERE plan_id = ? AND item_key = ? AND part >= ?').run(
        planId,
        itemKey,
        fromPart,
      );
    },
  };
}
