import type { Metadata } from 'next';
import { ForCurrentClient } from '@/components/ForCurrentClient';
import { PageHeader } from '@/components/PageHeader';
import { CLIENTS, formatUtc, visitsOf } from '@/lib/data';

export const metadata: Metadata = {
  title: 'Visits · Restaurant CRM',
};

export default function VisitsPage() {
  const byClient = Object.fromEntries(
    CLIENTS.map((client) => [
      client.id,
      <table key={client.id} id="visits-table">
        <thead>
          <tr>
            <th>Guest</th>
            <th>Party</th>
            <th>Visited</th>
          </tr>
        </thead>
        <tbody>
          {visitsOf(client.id).map((visit) => (
            <tr key={visit.id}>
              <td>{visit.guest}</td>
              <td>{visit.partySize}</td>
              <td>{formatUtc(visit.visitedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>,
    ]),
  );
  return (
    <>
      <PageHeader title="Visits" />
      <ForCurrentClient byClient={byClient} what="visits" />
    </>
  );
}
