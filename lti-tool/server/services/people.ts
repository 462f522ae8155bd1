import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { people } from '../db/schema';

/** The person a session speaks for, as the app shows them. */
export async function personCard(db: Db, personId: string) {
  const [person] = await db
    .select({ id: people.id, displayName: people.displayName, email: people.email })
    .from(people)
    .where(eq(people.id, personId));
  if (!person) throw new Error('session person has no row');
  return person;
}
