import type { Metadata } from 'next';
import { connection } from 'next/server';
import { ForCurrentClient } from '@/components/ForCurrentClient';
import { PageHeader } from '@/components/PageHeader';
import { CLIENTS, formatUtc } from '@/lib/data';
import { recentOrders } from '@/lib/state';

export const metadata: Metadata = {
  title: 'Orders · Restaurant CRM',
};

/** Most recent orders shown per client. */
const ORDERS_SHOWN = 20;

export default async function OrdersPage() {
  await connection(); // synced orders change at run time: never prerender this page
  const byClient = Object.fromEntries(
    CLIENTS.map((client) => {
      const orders = recentOrders(client.id, ORDERS_SHOWN);
      return [
        client.id,
        orders.length === 0 ? (
          <p key={client.id} id="no-orders" className="muted">
            No orders synced yet.
          </p>
        ) : (
          <table key={client.id} id="orders-table">
            <thead>
              <tr>
                <th>Order #</th>
                <th>Opened</th>
                <th>Items</th>
                <th>Total</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.guid}>
                  <td>{order.displayNumber}</td>
                  <td>{formatUtc(order.openedDate)}</td>
                  <td>{order.itemCount}</td>
                  <td>${order.totalAmount.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ),
      ];
    }),
  );
  return (
    <>
      <PageHeader title="Orders" />
      <ForCurrentClient byClient={byClient} what="orders" />
    </>
  );
}
