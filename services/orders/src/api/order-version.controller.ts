import { streamVersionController } from '@ehr/platform/nest';
import { type OrdersApplication, orderStream } from '../application/orders-application.js';
import { ORDERS_APPLICATION } from './tokens.js';

/** How far an order's stream has gone, for the eMAR to confirm its copy before a dose (ADR 0023). */
export const OrderVersionController = streamVersionController({
  aggregate: 'order',
  streamOf: orderStream,
  application: ORDERS_APPLICATION,
  storeOf: (orders: OrdersApplication) => orders.store,
  callers: ['mar'],
});
