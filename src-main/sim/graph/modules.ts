/**
 * The Graph face's route modules. Adding one is one line in the list below (and its import):
 * the router (router.ts) matches requests against every module's routes in this order.
 */
import type { GraphRouteModule } from './router.js';
import { batchRoutes } from './routes/batch.js';
import { calendarDeltaRoutes } from './routes/calendar-delta.js';
import { calendarViewRoutes } from './routes/calendar-view.js';
import { mailRoutes } from './routes/messages.js';
import { presenceRoutes } from './routes/presence.js';
import { directoryRoutes } from './routes/directory.js';
import { mailTipsRoutes } from './routes/mail-tips.js';
import { scheduleRoutes } from './routes/schedule.js';
import { settingsRoutes } from './routes/settings.js';

export const GRAPH_ROUTE_MODULES: readonly GraphRouteModule[] = [
  // One line per module.
  settingsRoutes,
  calendarViewRoutes,
  mailRoutes,
  presenceRoutes,
  calendarDeltaRoutes,
  scheduleRoutes,
  mailTipsRoutes,
  directoryRoutes,
  batchRoutes,
];
