// A minimal npm registry for the @bomizzel scope, serving the tarballs that
// `yarn release:pack` wrote. It stands in for npmjs.org, where adopters get
// the packages: the README's `yarn add @bomizzel/...` commands run unchanged
// against it (the app's .yarnrc.yml points the scope here). Everything else
// still comes from the real registry.
//
//   node adopter/registry.mjs <tarball dir>   prints `listening <port>`
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function loadPackages(dir) {
  const packages = new Map();
  for (const file of readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
    const path = join(dir, file);
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', path, 'package/package.json'], {
        encoding: 'utf8',
      }),
    );
    const data = readFileSync(path);
    packages.set(manifest.name, {
      manifest,
      file,
      data,
      shasum: createHash('sha1').update(data).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
      time: statSync(path).mtime.toISOString(),
    });
  }
  return packages;
}

export function startRegistry(dir, port = 0) {
  const packages = loadPackages(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://registry');
    const path = decodeURIComponent(url.pathname);
    const tarball = path.match(/^\/-\/tarballs\/(.+)$/);
    if (tarball) {
      const pkg = [...packages.values()].find(p => p.file === tarball[1]);
      if (!pkg) return notFound(res);
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': pkg.data.length,
      });
      return res.end(pkg.data);
    }
    const pkg = packages.get(path.slice(1));
    if (!pkg) return notFound(res);
    const base = `http://127.0.0.1:${server.address().port}`;
    const { version } = pkg.manifest;
    const body = JSON.stringify({
      name: pkg.manifest.name,
      'dist-tags': { latest: version },
      time: { created: pkg.time, modified: pkg.time, [version]: pkg.time },
      versions: {
        [version]: {
          ...pkg.manifest,
          _id: `${pkg.manifest.name}@${version}`,
          dist: {
            tarball: `${base}/-/tarballs/${pkg.file}`,
            shasum: pkg.shasum,
            integrity: pkg.integrity,
          },
        },
      },
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(body);
  });
  return new Promise(resolve =>
    server.listen(port, '127.0.0.1', () => resolve({ server, packages })),
  );
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":"not found"}');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { server } = await startRegistry(process.argv[2]);
  console.log(`listening ${server.address().port}`);
}
