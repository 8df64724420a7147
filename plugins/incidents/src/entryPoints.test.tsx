import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import { setupServer } from 'msw/node';
import {
  createFakeIncidentsBackend,
  makeIncident,
} from './__testUtils__/fakeIncidentsBackend';
import { renderIncidentsUi } from './__testUtils__/renderIncidentsUi';
import { DeclareIncidentDialog, IncidentView } from './index';

/**
 * What an app's entry chunk gets from this package: the modules reachable
 * from the two entry points through static imports (not `import()`, not
 * type-only imports). The tabs, cards, pages and exported components load
 * the rest when they are shown; bench/frontend/chunks.mjs measures the
 * result in a production build.
 */
function staticGraph(entry: string) {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const resolve = (from: string, specifier: string) => {
    const base = path.resolve(path.dirname(from), specifier);
    for (const candidate of [
      base,
      ...['.ts', '.tsx'].map(ext => `${base}${ext}`),
      ...['index.ts', 'index.tsx'].map(name => path.join(base, name)),
    ]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        return candidate;
      }
    }
    throw new Error(`Cannot resolve ${specifier} from ${from}`);
  };
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!/\.tsx?$/.test(file)) return;
    const source = fs.readFileSync(file, 'utf8');
    const statements =
      /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    for (const [, specifier] of source.matchAll(statements)) {
      if (specifier.startsWith('.')) {
        visit(resolve(file, specifier));
      } else {
        packages.set(specifier, path.relative(__dirname, file));
      }
    }
  };
  visit(path.join(__dirname, entry));
  return { files: seen, packages };
}

// The plugin's heavy dependencies: none may be imported statically by an
// entry point.
const HEAVY =
  /^(react-markdown|remark-gfm|react-syntax-highlighter|recharts|luxon|@material-ui\/lab)(\/|$)/;

describe('the entry points', () => {
  it.each(['index.ts', 'alpha.tsx'])(
    '%s imports no component and none of the heavy dependencies statically',
    entry => {
      const { files, packages } = staticGraph(entry);
      const components = [...files]
        .map(f => path.relative(__dirname, f))
        .filter(f => f.startsWith(`components${path.sep}`));
      expect(components).toEqual([]);
      const heavy = [...packages]
        .filter(([name]) => HEAVY.test(name))
        .map(([name, from]) => `${name} (from ${from})`);
      expect(heavy).toEqual([]);
      // The graph is followed: the API client and the entity filters are in it.
      expect([...files].some(f => f.endsWith('IncidentsClient.ts'))).toBe(true);
    },
  );
});

const server = setupServer();
registerMswTestHooks(server);
jest.setTimeout(30_000);

describe("the package's lazy components", () => {
  beforeEach(() => {
    server.use(
      ...createFakeIncidentsBackend({
        incidents: [makeIncident({ id: 4, title: 'Ticket API answers 502' })],
      }).handlers,
    );
  });

  it('DeclareIncidentDialog renders the form once its code has loaded', async () => {
    renderIncidentsUi(
      <DeclareIncidentDialog open onClose={() => {}} onDeclared={() => {}} />,
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Declare incident',
    });
    expect(
      await within(dialog).findByRole('radio', { name: /P0/ }),
    ).toBeInTheDocument();
  });

  it('IncidentView renders the incident once its code has loaded', async () => {
    renderIncidentsUi(<IncidentView incidentId="INC-4" />);
    expect(
      await screen.findByRole('heading', { name: 'Ticket API answers 502' }),
    ).toBeInTheDocument();
    expect(screen.getByText('INC-4')).toBeInTheDocument();
  });
});
