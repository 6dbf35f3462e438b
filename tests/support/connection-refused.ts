/**
 * Whether a local port is closed: for checks that a server stopped (its process gone, nothing else there).
 */
import { connect } from 'node:net';

/** True when a TCP connection to 127.0.0.1:`port` is refused (ECONNREFUSED); false when one is accepted or fails otherwise. */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
