import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipFileSpec {
  name: string;
  data: Buffer;
  /** Marks the entry password-protected. */
  encrypted?: boolean;
  /** Breaks its compressed data. */
  corrupt?: boolean;
  /** A Unix st_mode (e.g. 0o120777 for a symbolic link); the entry is then "made by" Unix. */
  mode?: number;
  /** Writes no data of its own: its central record points at entry N's data (a non-recursive zip bomb's trick). */
  sameDataAs?: number;
}

/** A minimal zip writer for tests (deflate, UTF-8 names). */
export function makeZip(files: ZipFileSpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, 'utf8');
    // A corrupt entry's deflate stream is garbage: inflating it fails.
    const comp = f.corrupt ? Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]) : deflateRawSync(f.data);
    const crc = crc32(f.data);
    const flags = 0x0800 | (f.encrypted ? 1 : 0);
    // The central header repeats the local one's fields from "version needed" on, 2 bytes later.
    const fields = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(flags, at + 2);
      b.writeUInt16LE(8, at + 4);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(comp.length, at + 14);
      b.writeUInt32LE(f.data.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
      return b;
    };
    const local = fields(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    const central = fields(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.mode === undefined ? 20 : (3 << 8) | 20, 4);
    if (f.mode !== undefined) central.writeUInt32LE((f.mode << 16) >>> 0, 38);
    const at = f.sameDataAs === undefined ? offset : offsets[f.sameDataAs]!;
    offsets.push(at);
    central.writeUInt32LE(at, 42);
    centrals.push(central, name);
    if (f.sameDataAs !== undefined) continue;
    locals.push(local, name, comp);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
