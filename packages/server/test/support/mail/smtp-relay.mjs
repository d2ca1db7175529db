// A real SMTP server (smtp-server) in its own process: every accepted message is delivered into
// the recipient's INBOX on the test Dovecot over IMAP, so tests read what Trellis sent the way a
// requester's mail client would. Usage: node smtp-relay.mjs <smtpPort> <imapPort> <password>
import { ImapFlow } from 'imapflow';
import { SMTPServer } from 'smtp-server';

const [smtpPort, imapPort, password] = process.argv.slice(2);

async function deliver(user, raw) {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: Number(imapPort),
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user, pass: password },
    logger: false,
  });
  await client.connect();
  await client.append('INBOX', raw);
  await client.logout();
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        for (const rcpt of session.envelope.rcptTo) await deliver(rcpt.address.toLowerCase(), raw);
        callback();
      } catch (err) {
        callback(Object.assign(new Error(`delivery failed: ${err.message}`), { responseCode: 451 }));
      }
    });
  },
});
server.listen(Number(smtpPort), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
