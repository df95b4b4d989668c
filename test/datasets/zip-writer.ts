import { crc32, deflateRawSync } from 'node:zlib';

/** A minimal zip writer for tests (deflate, UTF-8 names); encrypted marks an entry as password-protected, corrupt breaks its data. */
export function makeZip(files: Array<{ name: string; data: Buffer; encrypted?: boolean; corrupt?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
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
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
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
