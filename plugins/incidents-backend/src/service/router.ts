import { HttpAuthService } from '@backstage/backend-plugin-api';
import { Severity } from '@bomizzel/plugin-incidents-common';
import { createOpenApiRouter } from '../schema/openapi';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  severities: Severity[];
}) {
  const { httpAuth, severities } = options;
  const router = await createOpenApiRouter();

  router.get('/severities', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: severities });
  });

  return router;
}
