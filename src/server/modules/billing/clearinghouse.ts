import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where claim files go. A practice's clearinghouse picks 837P files up from a folder (SFTP mounts and the
 * clearinghouses' own agents work this way); a clearinghouse with an API gets its own implementation of this interface.
 * Nothing here calls the network.
 */
export interface Clearinghouse {
  /** Hands over one 837P file; answers the reference the clearinghouse will know it by. */
  submit(file: { name: string; content: string }): Promise<{ reference: string }>;
}

/** The file-drop clearinghouse: writes each file whole (a temporary name, then a rename) so a poller never reads half a file. */
export class FileDropClearinghouse implements Clearinghouse {
  constructor(private readonly dir: string) {}

  async submit(file: { name: string; content: string }): Promise<{ reference: string }> {
    await mkdir(this.dir, { recursive: true });
    const safe = file.name.replace(/[^A-Za-z0-9._-]/g, '_');
    const target = path.join(this.dir, safe);
    const temp = `${target}.part`;
    await writeFile(temp, file.content, { encoding: 'utf8', flag: 'w' });
    await rename(temp, target);
    return { reference: `${safe}#${createHash('sha256').update(file.content).digest('hex').slice(0, 12)}` };
  }
}
