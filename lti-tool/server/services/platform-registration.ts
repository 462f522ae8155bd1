import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { deployments, platforms, registrationTickets } from '../db/schema';
import { hashTicket } from './platform-admin';

/** What a platform told us in LTI Dynamic Registration, as we store it. */
export interface RegisteredPlatform {
  name: string;
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  accessTokenUrl: string;
  jwksUrl: string;
  authorizationServer: string | null;
  deploymentId: string | undefined;
}

export type RegistrationTicket = typeof registrationTickets.$inferSelect;

/** Claims the ticket atomically; a failed registration releases it so the administrator can try again. */
export async function claimRegistrationTicket(db: Db, ticket: string): Promise<RegistrationTicket | undefined> {
  const [row] = await db
    .update(registrationTickets)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(registrationTickets.ticketHash, hashTicket(ticket)),
        isNull(registrationTickets.usedAt),
        gt(registrationTickets.expiresAt, new Date()),
      ),
    )
    .returning();
  return row;
}

export async function releaseRegistrationTicket(db: Db, ticketId: string): Promise<void> {
  await db.update(registrationTickets).set({ usedAt: null }).where(eq(registrationTickets.id, ticketId));
}

/** The platform, its deployment and the ticket's link to it, in one transaction. */
export async function saveRegisteredPlatform(
  db: Db,
  ticket: RegistrationTicket,
  registered: RegisteredPlatform,
): Promise<void> {
  const { deploymentId, ...platform } = registered;
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(platforms)
      .values({
        tenantId: ticket.tenantId,
        ...platform,
        // The administrator who minted the ticket vouched for this platform.
        status: 'active',
      })
      .returning({ id: platforms.id });
    if (!row) throw new Error('platform insert returned nothing');
    if (deploymentId) {
      await tx.insert(deployments).values({ tenantId: ticket.tenantId, platformId: row.id, deploymentId });
    }
    await tx.update(registrationTickets).set({ platformId: row.id }).where(eq(registrationTickets.id, ticket.id));
  });
}
