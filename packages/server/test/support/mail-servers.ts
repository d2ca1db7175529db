import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

/**
 * A real mail system for tests: Dovecot (IMAP over TLS, with IDLE) as its own process with a
 * throw-away configuration, and a real SMTP server process that delivers into it.
 * Every address exists and signs in with one shared password. Both listen on free ports on 127.0.0.1, so parallel test files do not collide.
 */
export interface MailServers {
  imapPort: number;
  smtpPort: number;
  password: string;
  client(address: string): ImapFlow;
  /** Puts a raw message into a user's folder, as a mail arriving there would. */
  append(address: string, raw: string | Buffer, folder?: string): Promise<void>;
  /** Raw messages currently in a user's folder. */
  messages(address: string, folder?: string): Promise<Buffer[]>;
  stop(): Promise<void>;
}

const PASSWORD = 'mail-test-password';

export function dovecotAvailable(): boolean {
  try {
    execFileSync('dovecot', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`mail server exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} never opened: ${log()}`);
}

export async function startMailServers(): Promise<MailServers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-mail-'));
  fs.chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub));
  const mailDir = path.join(dir, 'mail');
  // Mail is stored as nobody: Dovecot refuses to run mail processes as root.
  const nobody = { uid: 65534, gid: 65534 };
  if (process.getuid?.() === 0) fs.chownSync(mailDir, nobody.uid, nobody.gid);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const imapPort = await freePort();
  const smtpPort = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = trellis-test-${path.basename(dir)}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_uid = ${nobody.uid}
mail_gid = ${nobody.gid}
mail_location = maildir:${mailDir}/%u
mail_fsync = never
mailbox_idle_check_interval = 1 secs
default_internal_user = dovecot
default_login_user = dovenull
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = ${imapPort}
    ssl = yes
  }
  process_min_avail = 1
}
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = static
  args = password=${PASSWORD}
}
userdb {
  driver = static
  args = uid=${nobody.uid} gid=${nobody.gid} home=${mailDir}/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
`,
  );
  const dovecot = spawn('dovecot', ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let dovecotOut = '';
  dovecot.stderr?.on('data', (c) => {
    dovecotOut += c;
  });
  const dovecotLog = () => {
    const file = path.join(dir, 'dovecot.log');
    return dovecotOut + (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(-2000) : '');
  };
  await waitForPort(imapPort, dovecot, dovecotLog);

  const relay = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'mail', 'smtp-relay.mjs'), String(smtpPort), String(imapPort), PASSWORD],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: path.resolve(import.meta.dirname, '../..') },
  );
  let relayOut = '';
  relay.stderr?.on('data', (c) => {
    relayOut += c;
  });
  await waitForPort(smtpPort, relay, () => relayOut);

  const servers: MailServers = {
    imapPort,
    smtpPort,
    password: PASSWORD,
    client(address) {
      return new ImapFlow({
        host: '127.0.0.1',
        port: imapPort,
        secure: true,
        tls: { rejectUnauthorized: false },
        auth: { user: address.toLowerCase(), pass: PASSWORD },
        logger: false,
      });
    },
    async append(address, raw, folder = 'INBOX') {
      const client = servers.client(address);
      await client.connect();
      await client.append(folder, raw);
      await client.logout();
    },
    async messages(address, folder = 'INBOX') {
      const client = servers.client(address);
      await client.connect();
      try {
        const status = await client.status(folder, { messages: true }).catch(() => null);
        if (status === false || status === null || !status.messages) return [];
        const lock = await client.getMailboxLock(folder);
        try {
          const all = await client.fetchAll('1:*', { source: true });
          return all.map((m) => m.source!).filter(Boolean);
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
    },
    async stop() {
      const exited = (child: ChildProcess) =>
        child.exitCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
      relay.kill('SIGTERM');
      dovecot.kill('SIGTERM');
      await Promise.all([exited(relay), exited(dovecot)]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return servers;
}
