import { openPostgresStore } from '../../src/store/postgres.ts';
import { freshDatabase } from '../support/postgres.ts';
import { storeContract } from './contract.ts';

storeContract('PostgreSQL', async (now) => {
  const database = await freshDatabase();
  const store = await openPostgresStore(database.url, { now, poolSize: 4 });
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
});
