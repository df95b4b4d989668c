import { open, readdir, stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join, relative, sep } from 'node:path';
import { StudioError } from '../../../shared/api/errors';

/** Every file under `dir`, sorted, as paths relative to it with forward slashes (zip's separator). */
async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p, base)));
    else if (e.isFile()) out.push(relative(base, p).split(sep).join('/'));
  }
  return out;
}

const CHUNK = 1 << 20;
/** 1980-01-01, the earliest DOS date: a fixed timestamp makes the same export give the same zip. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Packs a folder into a zip (stored, not deflated: model weights barely compress and storing keeps this
 * a streaming copy, whatever the file size). Entries carry their CRC-32 and sizes in the central directory
 * and in a data descriptor after each file, so nothing is read twice. Over 4 GB would need Zip64: refused.
 */
export async function zipFolder(dir: string, outFile: string, prefix = ''): Promise<{ bytes: number; entries: string[] }> {
  const names = await listFiles(dir);
  const out = await open(outFile, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = async (b: Buffer) => {
    await out.write(b);
    offset += b.length;
  };
  try {
    for (const name of names) {
      const entry = Buffer.from(prefix + name, 'utf8');
      const size = (await stat(join(dir, name))).size;
      if (offset + size > 0xffff_fff0) throw new StudioError('bad_input', 'This export is larger than 4 GB: copy its folder instead of downloading a zip.');
      const headerAt = offset;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4); // version needed
      local.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
      local.writeUInt16LE(0, 8); // stored
      local.writeUInt16LE(DOS_TIME, 10);
      local.writeUInt16LE(DOS_DATE, 12);
      local.writeUInt16LE(entry.length, 26);
      await write(Buffer.concat([local, entry]));
      let crc = 0;
      let copied = 0;
      const src = await open(join(dir, name), 'r');
      try {
        const buf = Buffer.alloc(CHUNK);
        for (;;) {
          const { bytesRead } = await src.read(buf, 0, CHUNK, copied);
          if (bytesRead === 0) break;
          const chunk = buf.subarray(0, bytesRead);
          crc = crc32(chunk, crc);
          copied += bytesRead;
          await write(Buffer.from(chunk));
        }
      } finally {
        await src.close();
      }
      const desc = Buffer.alloc(16);
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(crc >>> 0, 4);
      desc.writeUInt32LE(copied, 8);
      desc.writeUInt32LE(copied, 12);
      await write(desc);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(20, 4); // made by
      cd.writeUInt16LE(20, 6);
      cd.writeUInt16LE(0x0808, 8);
      cd.writeUInt16LE(0, 10);
      cd.writeUInt16LE(DOS_TIME, 12);
      cd.writeUInt16LE(DOS_DATE, 14);
      cd.writeUInt32LE(crc >>> 0, 16);
      cd.writeUInt32LE(copied, 20);
      cd.writeUInt32LE(copied, 24);
      cd.writeUInt16LE(entry.length, 28);
      cd.writeUInt32LE(headerAt, 42);
      central.push(Buffer.concat([cd, entry]));
    }
    const cdStart = offset;
    for (const c of central) await write(c);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(names.length, 8);
    end.writeUInt16LE(names.length, 10);
    end.writeUInt32LE(offset - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    await write(end);
  } finally {
    await out.close();
  }
  return { bytes: offset, entries: names.map((n) => prefix + n) };
}
