// Garbage collections of a benchmark server process, for run.mjs: every GC
// event (kind and pause) is kept until run.mjs asks for them over IPC
// (`{ type: 'gc-stats' }`), which also starts a new window.

const { PerformanceObserver, constants } = require('node:perf_hooks');

let events = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    const kind = entry.detail?.kind;
    events.push({
      minor: kind === constants.NODE_PERFORMANCE_GC_MINOR,
      ms: entry.duration,
    });
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', message => {
  if (message?.type === 'gc-stats') {
    process.send?.({ type: 'gc-stats', events });
    events = [];
  }
});
