import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Severity } from '@bomizzel/plugin-incidents-common';
import { AlertIngestor } from '../alerts/AlertIngestor';
import { EscalationService } from '../escalation/EscalationService';
import { IncidentService } from '../incidents/IncidentService';
import { LinksService } from '../links/LinksService';
import { ActionItemService } from '../postmortems/ActionItemService';
import { PostmortemService } from '../postmortems/PostmortemService';
import { TrendService } from '../postmortems/TrendService';
import { RunbookService } from '../runbooks/RunbookService';
import { createOpenApiRouter, spec } from '../schema/openapi';
import { StatuspagePublisher } from '../statuspage/StatuspagePublisher';
import { createAudited } from './audit';
import { internalErrorHandler } from './internalErrors';
import {
  jsonBody,
  namedUnknownFields,
  noNulInQuery,
  runbookPathAsOneSegment,
} from './requestGuards';
import { bindActionItemRoutes } from './routes/actionItems.router';
import { bindAlertRoutes } from './routes/alerts.router';
import { bindEscalationRoutes } from './routes/escalation.router';
import { bindEventRoutes } from './routes/events.router';
import { bindIncidentRoutes } from './routes/incidents.router';
import { bindLinkRoutes } from './routes/links.router';
import { bindPostmortemRoutes } from './routes/postmortems.router';
import { bindRunbookRoutes } from './routes/runbooks.router';
import { bindSeverityRoutes } from './routes/severities.router';
import { bindStatsRoutes } from './routes/stats.router';
import { bindStatuspageRoutes } from './routes/statuspage.router';
import { bindTrendRoutes } from './routes/trends.router';
import { Request, RouteContext } from './types';

/** The services behind the routes. */
export interface IncidentsRouterServices {
  severities: Severity[];
  incidents: IncidentService;
  escalation: EscalationService;
  alerts: AlertIngestor;
  runbooks: RunbookService;
  links: LinksService;
  postmortems: PostmortemService;
  actionItems: ActionItemService;
  trends: TrendService;
  statuspage: StatuspagePublisher;
}

/**
 * The plugin's typed OpenAPI router: the request guards, one binding per
 * resource, and the error mapping.
 */
export async function createRouter(
  options: IncidentsRouterServices & {
    logger: LoggerService;
    httpAuth: HttpAuthService;
    auditor: AuditorService;
  },
) {
  const { httpAuth } = options;
  const router = await createOpenApiRouter({
    middleware: [
      noNulInQuery(spec),
      jsonBody(1024 * 1024),
      runbookPathAsOneSegment,
    ],
    validatorOptions: {
      // Credentials are checked (not merely present) by Backstage's
      // credentials barrier and httpAuth on every route; the spec's
      // `security` stays as documentation. No route takes multipart.
      validateSecurity: false,
      fileUploader: false,
    },
  });
  const context: RouteContext = {
    credentials: (req: Request) =>
      httpAuth.credentials(req, { allow: ['user', 'service'] }),
    audited: createAudited(options.auditor),
  };

  bindSeverityRoutes(router, { ...context, severities: options.severities });
  bindIncidentRoutes(router, { ...context, incidents: options.incidents });
  bindEventRoutes(router, { ...context, incidents: options.incidents });
  bindEscalationRoutes(router, {
    ...context,
    incidents: options.incidents,
    escalation: options.escalation,
  });
  bindStatuspageRoutes(router, { ...context, statuspage: options.statuspage });
  bindAlertRoutes(router, {
    ...context,
    incidents: options.incidents,
    alerts: options.alerts,
  });
  bindStatsRoutes(router, { ...context, incidents: options.incidents });
  bindRunbookRoutes(router, { ...context, runbooks: options.runbooks });
  bindLinkRoutes(router, { ...context, links: options.links });
  bindPostmortemRoutes(router, {
    ...context,
    postmortems: options.postmortems,
  });
  bindActionItemRoutes(router, {
    ...context,
    actionItems: options.actionItems,
  });
  bindTrendRoutes(router, { ...context, trends: options.trends });

  router.use(namedUnknownFields(spec));
  router.use(internalErrorHandler(options.logger));

  return router;
}
