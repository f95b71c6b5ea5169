'use client';

import { useUser } from '@/contexts/UserContext';

export function ClientPicker() {
  const { clients, currentClientId, setCurrentClientId } = useUser();
  return (
    <div className="picker">
      <label htmlFor="client-picker" className="label">
        Client
      </label>
      <select
        id="client-picker"
        aria-label="Client"
        value={currentClientId ?? ''}
        onChange={(event) => setCurrentClientId(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">Select a client…</option>
        {clients.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
      </select>
    </div>
  );
}
