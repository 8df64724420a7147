import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ActionItemKind,
  ActionItemStatus,
  PostmortemStatus,
  Severity,
} from '@bomizzel/plugin-incidents-common';
import { IncidentStore } from '../database/IncidentStore';
import { ActionItemStore } from './ActionItemStore';
import { PostmortemPolicy } from './config';
import { PostmortemStore } from './PostmortemStore';
import { prefillPostmortem } from './template';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AUTHORS = [
  'user:default/sam-rivera',
  'user:default/priya-natarajan',
  'user:default/lee-chen',
];

/** Follow-ups as the Bomizzel teams write them. */
const FOLLOW_UPS: Array<{
  title: string;
  kind: ActionItemKind;
  owner: string;
  dueDays: number;
}> = [
  {
    title: 'Alert on the failure before users notice it',
    kind: 'monitoring_enhancement',
    owner: 'group:default/sre',
    dueDays: 7,
  },
  {
    title: 'Add a regression test and a safer rollout for the fix',
    kind: 'long_term_improvement',
    owner: 'group:default/backend-team',
    dueDays: 30,
  },
  {
    title: 'Update the runbook with what we learned',
    kind: 'process_change',
    owner: 'user:default/alex-morgan',
    dueDays: 14,
  },
];

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * Post-mortems and action items for the resolved demo incidents that require
 * one: the newest is missing, the next still a draft and one in review (both
 * overdue), the rest published; older follow-ups are done, recent ones open
 * and some past due. Runs once, like the demo incidents.
 */
export async function seedDemoPostmortems(options: {
  incidents: IncidentStore;
  postmortems: PostmortemStore;
  actionItems: ActionItemStore;
  policy: PostmortemPolicy;
  severities: Severity[];
  logger: LoggerService;
  now: number;
}) {
  const { incidents, postmortems, actionItems, policy, now } = options;
  const seeded = await postmortems.hasDemoPostmortems();
  if (seeded || policy.requiredFor.length === 0) return;
  const ids = await incidents.listResolvedDemoIncidentIds(policy.requiredFor);

  let written = 0;
  for (const [index, id] of ids.entries()) {
    if (index === 0) continue; // the newest one is still missing
    const incident = (await incidents.get(id))!;
    const events = await incidents.listEvents(incident.id);
    const resolvedAt = incident.resolvedAt!;
    const author = AUTHORS[index % AUTHORS.length];
    let status: PostmortemStatus = 'published';
    if (index === 1) status = 'draft';
    if (index === 2) status = 'in_review';
    const cause =
      events.find(
        e => e.type === 'status_changed' && e.data.to === 'IDENTIFIED',
      )?.message ?? 'Under investigation';
    const fix =
      events.find(e => e.type === 'status_changed' && e.data.to === 'RESOLVING')
        ?.message ?? '';
    const prefill = prefillPostmortem(
      incident,
      events,
      options.severities,
      now,
    );
    await postmortems.save(incident.id, {
      actor: author,
      now: Math.min(now, resolvedAt + (index % 3 === 0 ? 30 : 18) * HOUR),
      decide: () => ({
        status,
        sections: [
          { id: 'summary', markdown: prefill.summary, updatedBy: author },
          { id: 'timeline', markdown: prefill.timeline, updatedBy: author },
          ...(status === 'draft'
            ? []
            : [
                {
                  id: 'rootCause' as const,
                  markdown: `**Root cause:** ${cause}.\n\n**Contributing factors:** the change was not load-tested and the alert fired only after users reported errors.\n\n**Why it was not caught earlier:** no alert on this failure mode.`,
                  updatedBy: author,
                },
                {
                  id: 'responseEvaluation' as const,
                  markdown: `**Went well:** quick acknowledgement; ${
                    fix || 'the fix'
                  } worked first time.\n\n**To improve:** status page updated late.\n\n**Procedures followed:** yes, the runbook's escalation matrix was used.`,
                  updatedBy: 'user:default/alex-morgan',
                },
              ]),
        ],
        statusEvent: {
          message:
            status === 'published'
              ? 'Post-mortem published'
              : `Post-mortem in ${status === 'draft' ? 'draft' : 'review'}`,
          data: { from: null, to: status },
        },
      }),
    });
    for (const [n, followUp] of FOLLOW_UPS.entries()) {
      if (n === 2 && index % 2 === 1) continue;
      const due = resolvedAt + followUp.dueDays * DAY;
      let itemStatus: ActionItemStatus = 'open';
      if (due < now - 45 * DAY)
        itemStatus = n === 1 && index % 4 === 0 ? 'wont_do' : 'done';
      else if (n === 0) itemStatus = 'in_progress';
      await actionItems.create({
        incidentId: incident.id,
        title: followUp.title,
        kind: followUp.kind,
        ownerRef: followUp.owner,
        dueDate: iso(due),
        status: itemStatus,
        ticketUrl: `https://bomizzel.atlassian.net/browse/OPS-${
          100 + incident.id * 3 + n
        }`,
        createdBy: author,
        createdAt: Math.min(now, resolvedAt + 20 * HOUR),
      });
    }
    written++;
  }
  options.logger.info(
    `Seeded ${written} demo post-mortems and their action items`,
  );
}
