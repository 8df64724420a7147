/* eslint-disable no-script-url -- the payloads the links must refuse */
import { resolveRunbookLink, runbookHref, safeUri } from './runbookHref';

describe('resolveRunbookLink', () => {
  const from = 'runbooks/incident-response.md';

  it('resolves links between runbooks like GitHub does between files', () => {
    expect(resolveRunbookLink(from, './database.md')).toEqual({
      type: 'runbook',
      path: 'runbooks/database.md',
      hash: '',
    });
    expect(resolveRunbookLink(from, 'redis.md#memory')).toEqual({
      type: 'runbook',
      path: 'runbooks/redis.md',
      hash: '#memory',
    });
    expect(resolveRunbookLink(from, '../runbooks/x.md#a')).toEqual({
      type: 'runbook',
      path: 'runbooks/x.md',
      hash: '#a',
    });
    expect(resolveRunbookLink(from, '../guides/on%20call.md')).toEqual({
      type: 'runbook',
      path: 'guides/on call.md',
      hash: '',
    });
    // Above the root stays at the root.
    expect(resolveRunbookLink(from, '../../../top.md')).toMatchObject({
      path: 'top.md',
    });
  });

  it('keeps anchors and web links, and drops what has no page in the portal', () => {
    expect(resolveRunbookLink(from, '#database-issues')).toEqual({
      type: 'anchor',
      hash: '#database-issues',
    });
    expect(resolveRunbookLink(from, 'https://grafana.example.com/d/1')).toEqual(
      { type: 'external', href: 'https://grafana.example.com/d/1' },
    );
    expect(resolveRunbookLink(from, 'mailto:sre@example.com')).toMatchObject({
      type: 'external',
    });
    for (const href of [
      '../../docker-compose.yml',
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example.com/x.md',
      '%E0%A4%A.md',
      '',
      undefined,
    ]) {
      expect(resolveRunbookLink(from, href)).toEqual({ type: 'none' });
    }
  });
});

describe('safeUri', () => {
  it('lets web, mail and relative URLs through and empties the rest', () => {
    expect(safeUri('https://x.example')).toBe('https://x.example');
    expect(safeUri('./a.md#b')).toBe('./a.md#b');
    expect(safeUri('#b')).toBe('#b');
    expect(safeUri('javascript:void(0)')).toBe('');
    expect(safeUri('data:image/png;base64,AAAA')).toBe('');
  });
});

describe('runbookHref', () => {
  it('encodes each path segment below the base and keeps the hash', () => {
    expect(runbookHref('/runbooks/', 'guides/on call #1.md', '#a')).toBe(
      '/runbooks/guides/on%20call%20%231.md#a',
    );
  });
});
