import type { Catalogue } from '../../../shared/domain';
import type { Db } from '../db/client';
import type { LtiLaunch } from '../lti/launch';
import type { LaunchContext, LaunchOutcome } from '../lti/launch-handler';
import { languageForLocale } from '../lti/locale';
import { recordLaunchSession } from '../services/launch-record';
import { applyLaunchMappings } from '../services/role-grants/mappings';
import { oversightLevel, widestOversight } from '../services/schools/scope';
import { toolRolesForLaunch } from '../services/tool-roles';
import type { WebAssets } from '../web-assets';
import { canPlaceContent, renderAppShell, renderDeepLinkingPicker, renderPlacementRefused } from './launch-pages';

export interface OnLaunchDeps {
  db: Db;
  catalogue: Catalogue;
  publicUrl: string;
  assets?: WebAssets;
}

/**
 * A verified launch becomes: the person, course and link upserted; a fresh session bound to tenant, user, context
 * and link; and either the app (resource link) or the content picker (deep linking). Each launch gets its own
 * session, so two tabs launched from two courses never overwrite each other (ltijs #181).
 */
export function onLaunch(deps: OnLaunchDeps) {
  return async (
    launch: LtiLaunch,
    { platform, res, storageCheck, admission }: LaunchContext,
  ): Promise<LaunchOutcome | void> => {
    const lang = languageForLocale(launch.locale);
    const toolRoles = toolRolesForLaunch(launch.role);
    const frameAncestors = [new URL(platform.issuer).origin];
    if (launch.messageType === 'LtiDeepLinkingRequest' && !canPlaceContent(toolRoles)) {
      // Refused before anything is recorded: a learner's deep-linking request leaves no trace.
      renderPlacementRefused(res, lang, frameAncestors);
      return { refused: 'placement_not_allowed' };
    }
    // One statement for a returning user: the launch's admission (state consumed, platform and deployment still
    // active), person, course, link and session, with what the page needs to know.
    const session = await recordLaunchSession(deps.db, { platform, launch, toolRoles, locale: lang, admission });
    const { records } = session;
    const actor = {
      tenantId: platform.tenantId,
      personId: records.personId,
      roles: toolRoles,
      label: `lti:${launch.userId}`,
      client: 'lti' as const,
      requestId: null,
    };
    // Platform roles the tenant mapped to a school team, county or city role are granted before the page renders;
    // only then is the person's oversight read again (the statement read it before any grant).
    const oversight = session.mapped
      ? await applyLaunchMappings(deps.db, {
          tenantId: platform.tenantId,
          platformId: platform.id,
          personId: records.personId,
          platformRoles: launch.roles,
          custom: launch.custom,
          contextRowId: records.contextRowId,
          label: actor.label,
        }).then(() => oversightLevel(deps.db, actor))
      : widestOversight([...toolRoles, ...session.heldRoles]);
    if (launch.messageType === 'LtiDeepLinkingRequest') {
      renderDeepLinkingPicker(res, {
        storageCheck,
        lang,
        sessionToken: session.token,
        catalogue: deps.catalogue,
        launch,
        frameAncestors,
        publicUrl: deps.publicUrl,
        toolRoles,
      });
      return;
    }
    renderAppShell(res, {
      assets: deps.assets,
      storageCheck,
      lang,
      sessionToken: session.token,
      launch,
      frameAncestors,
      publicUrl: deps.publicUrl,
      toolRoles,
      oversight,
    });
  };
}
