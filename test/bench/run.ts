export {};
/** `npm run bench`: every benchmark, one after another (each prints its own table). */
await import('./decode-bench.js');
await import('./core-start-bench.js');
await import('./web-shell-bench.js');
await import('./shell-start-bench.js');
await import('./contacts-bench.js');
await import('./voicemail-bench.js');
await import('./im-bench.js');
await import('./sharing-bench.js');
await import('./notification-stream-bench.js');
await import('./live-bench.js');
await import('./memory-bench.js');
await import('./graph-csdl-bench.js');
await import('./graph-vs-ews-bench.js');
await import('./companion-graph-vs-ews-bench.js');
