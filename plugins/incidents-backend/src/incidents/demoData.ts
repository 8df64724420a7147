import { LoggerService } from '@backstage/backend-plugin-api';
import { IncidentStatus } from '@bomizzel/plugin-incidents-common';
import { IncidentStore } from '../database/IncidentStore';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const BACKEND = 'component:default/bomizzel-backend';
const FRONTEND = 'component:default/bomizzel-frontend';
const POSTGRES = 'resource:default/bomizzel-postgres';
const REDIS = 'resource:default/bomizzel-redis';

/** Scenarios of the Bomizzel runbook, with the entities they hit. */
const SCENARIOS: Array<{
  title: string;
  description: string;
  severity: string;
  entityRefs: string[];
  cause: string;
  fix: string;
}> = [
  {
    title: 'Application down: health checks return 503',
    description:
      'Users cannot reach the ticketing system; `/health` on the API answers 503.',
    severity: 'P0',
    entityRefs: [BACKEND, FRONTEND],
    cause: 'Bad deployment: the new image fails its readiness probe',
    fix: 'Rolled back deployment/backend to the previous revision',
  },
  {
    title: 'Database connection pool exhausted',
    description:
      'API requests time out waiting for a PostgreSQL connection; error rate 35%.',
    severity: 'P0',
    entityRefs: [BACKEND, POSTGRES],
    cause: 'Long-running report query holding connections',
    fix: 'Cancelled the query and raised the pool limit',
  },
  {
    title: 'High error rate on ticket creation',
    description:
      '5xx responses on `POST /api/tickets` above 8% for 10 minutes.',
    severity: 'P1',
    entityRefs: [BACKEND],
    cause: 'Validation bug in the attachments handler',
    fix: 'Hotfix deployed',
  },
  {
    title: 'Slow ticket search',
    description: 'p95 latency of search is 4.2 s (target 800 ms).',
    severity: 'P1',
    entityRefs: [BACKEND, POSTGRES],
    cause: 'Missing index after a schema migration',
    fix: 'Created the index concurrently',
  },
  {
    title: 'Redis memory at 95%',
    description: 'Evictions of session keys; some users are signed out.',
    severity: 'P1',
    entityRefs: [REDIS, BACKEND],
    cause: 'Cache keys written without a TTL',
    fix: 'Set TTLs and flushed the stale keys',
  },
  {
    title: 'Notification emails delayed',
    description: 'Ticket update emails arrive 20–40 minutes late.',
    severity: 'P2',
    entityRefs: [BACKEND],
    cause: 'Mail queue worker stuck on a malformed message',
    fix: 'Moved the message to the dead-letter queue and restarted the worker',
  },
  {
    title: 'Ticket list does not refresh',
    description: 'New tickets appear only after a full page reload.',
    severity: 'P2',
    entityRefs: [FRONTEND],
    cause: 'WebSocket reconnect loop after a proxy change',
    fix: 'Fixed the reconnect back-off',
  },
  {
    title: 'Replication lag on the read replica',
    description: 'Reports show data up to 15 minutes old.',
    severity: 'P2',
    entityRefs: [POSTGRES],
    cause: 'Vacuum of a large table on the primary',
    fix: 'Tuned autovacuum for the table',
  },
  {
    title: 'Misaligned buttons on the ticket form',
    description:
      'The submit button overlaps the attachment list on small screens.',
    severity: 'P3',
    entityRefs: [FRONTEND],
    cause: 'CSS regression',
    fix: 'Fixed the layout',
  },
];

/** Deterministic pseudo-random numbers, so the demo looks the same each time. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 4294967296;
    return state / 4294967296;
  };
}

/**
 * Seeds a year of example incidents for the example catalog, through the
 * store like any other write, marked as demo data. Runs once: it does nothing
 * when demo incidents exist already.
 */
export async function seedDemoIncidents(options: {
  store: IncidentStore;
  logger: LoggerService;
  now?: number;
}) {
  const { store, logger } = options;
  if (await store.hasDemoIncidents()) {
    return;
  }
  const now = options.now ?? Date.now();
  const next = random(42);
  const responder = [
    'user:default/sam-rivera',
    'user:default/priya-natarajan',
    'user:default/lee-chen',
  ];
  let count = 0;

  for (let i = 0; i < 36; i++) {
    const scenario = SCENARIOS[Math.floor(next() * SCENARIOS.length)];
    const detectedAt =
      now - Math.floor((i / 36) * 360 * DAY) - Math.floor(next() * 5 * DAY);
    const ackAfter = Math.floor((1 + next() * 25) * MINUTE);
    const resolveAfter = Math.floor((20 + next() * 300) * MINUTE);
    const actor = responder[Math.floor(next() * responder.length)];
    // The two newest stay open: a P1 being fixed on the backend and a fresh
    // P3 on the website.
    const open = i < 2;
    const openSeverity = i === 0 ? 'P1' : 'P3';
    const openEntity = i === 0 ? BACKEND : FRONTEND;
    const openSteps = i === 0 ? 3 : 1;
    const id = await store.create(
      {
        title: scenario.title,
        description: scenario.description,
        severity: open ? openSeverity : scenario.severity,
        status: 'INVESTIGATING',
        commander: next() < 0.7 ? 'user:default/alex-morgan' : null,
        reporter: actor,
        entityRefs: open ? [openEntity] : scenario.entityRefs,
        startedAt: detectedAt - Math.floor(next() * 10 * MINUTE),
        detectedAt,
        demo: true,
      },
      { now: detectedAt },
    );
    const steps: Array<[number, IncidentStatus | 'ack' | 'note', string?]> = [
      [ackAfter, 'ack'],
      [
        ackAfter + 5 * MINUTE,
        'note',
        'Checked the dashboards; impact confirmed',
      ],
      [resolveAfter * 0.4, 'IDENTIFIED', scenario.cause],
      [resolveAfter * 0.7, 'RESOLVING', scenario.fix],
      [resolveAfter, 'RESOLVED', `${scenario.fix}; monitoring is green`],
    ];
    const lastStep = open ? openSteps : steps.length;
    for (const [after, step, message] of steps.slice(0, lastStep)) {
      const at = detectedAt + Math.floor(Math.max(after, ackAfter));
      if (at > now) break;
      await store.update(id, {
        actor,
        now: at,
        decide: current => {
          if (step === 'ack') {
            return {
              changes: { acknowledgedAt: at },
              events: [{ type: 'acknowledged' }],
            };
          }
          if (step === 'note') {
            return { changes: {}, events: [{ type: 'note', message }] };
          }
          return {
            changes: {
              status: step,
              ...(step === 'IDENTIFIED' ? { identifiedAt: at } : {}),
              ...(step === 'RESOLVED' ? { resolvedAt: at } : {}),
            },
            events: [
              {
                type: 'status_changed',
                message,
                data: { from: current.status, to: step },
              },
            ],
          };
        },
      });
    }
    count++;
  }
  logger.info(`Seeded ${count} demo incidents for the example catalog`);
}
