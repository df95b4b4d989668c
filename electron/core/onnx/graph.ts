import { DataType, encodeModel, IR_VERSION, OPSET, type AttributeMsg, type DataTypeCode, type Dim, type ModelMsg, type NodeMsg, type TensorMsg, type ValueInfoMsg } from './proto';

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] };

// AttributeProto.AttributeType
const A = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

function attribute(name: string, v: AttrValue): AttributeMsg {
  if (typeof v === 'number') return { name, type: A.INT, i: v };
  if (typeof v === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: A.INTS, ints: v };
  if ('float' in v) return { name, type: A.FLOAT, f: v.float };
  return { name, type: A.FLOATS, floats: v.floats };
}

const bytesOf = (a: Float32Array | BigInt64Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function valueInfo(name: string, elem: DataTypeCode, dims: Dim[]): ValueInfoMsg {
  return { name, type: { tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } } };
}

/**
 * Builds one ONNX graph node by node. Every helper returns the name of the value it produced, so a
 * family builder reads like its forward pass. Weights become initializers (raw little-endian data,
 * views of the caller's arrays: no copy until the model is encoded).
 */
export class GraphBuilder {
  private readonly nodes: NodeMsg[] = [];
  private readonly inits: TensorMsg[] = [];
  private readonly inputs: ValueInfoMsg[] = [];
  private readonly outputs: ValueInfoMsg[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly name: string) {}

  private fresh(hint: string): string {
    let n = hint;
    while (this.names.has(n)) n = `${hint}_${++this.counter}`;
    this.names.add(n);
    return n;
  }

  input(name: string, elem: DataTypeCode, dims: Dim[]): string {
    this.names.add(name);
    this.inputs.push(valueInfo(name, elem, dims));
    return name;
  }

  /** Declares `value` a graph output under `name` (an Identity renames it when needed). */
  output(value: string, name: string, elem: DataTypeCode, dims: Dim[]): void {
    const out = value === name ? value : this.op('Identity', [value], {}, name);
    this.outputs.push(valueInfo(out, elem, dims));
  }

  weight(name: string, data: Float32Array, dims: number[]): string {
    const n = this.fresh(name);
    this.inits.push({ name: n, dims, data_type: DataType.FLOAT, raw_data: bytesOf(data) });
    return n;
  }

  int64(name: string, values: number[], dims: number[] = [values.length]): string {
    const n = this.fresh(name);
    this.inits.push({ name: n, dims, data_type: DataType.INT64, raw_data: bytesOf(BigInt64Array.from(values.map((v) => BigInt(v)))) });
    return n;
  }

  scalar(name: string, v: number): string {
    return this.weight(name, Float32Array.of(v), []);
  }

  /** Adds a node; returns its (first) output's name. */
  op(type: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    const out = this.fresh(outName ?? type.toLowerCase());
    this.nodes.push({ name: this.fresh(`n_${out}`), op_type: type, input: inputs, output: [out], attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return out;
  }

  /** A node with several outputs (Split); returns all their names. */
  opMulti(type: string, inputs: string[], attrs: Record<string, AttrValue>, name: string, nOut: number): string[] {
    const outs = Array.from({ length: nOut }, (_, i) => this.fresh(`${name}_${i}`));
    this.nodes.push({ name: this.fresh(`n_${name}`), op_type: type, input: inputs, output: outs, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) });
    return outs;
  }

  // Common pieces the families share.
  add = (a: string, b: string, name?: string) => this.op('Add', [a, b], {}, name);
  mul = (a: string, b: string, name?: string) => this.op('Mul', [a, b], {}, name);
  matmul = (a: string, b: string, name?: string) => this.op('MatMul', [a, b], {}, name);
  relu = (a: string) => this.op('Relu', [a]);

  /** x [..., in] · W + b with W given in PyTorch layout [out, in]. */
  linear(x: string, w: { data: Float32Array; dims: number[] }, b: { data: Float32Array; dims: number[] } | null, name: string): string {
    const [o, i] = w.dims as [number, number];
    const wt = this.weight(`${name}.weight_t`, transpose2d(w.data, o, i), [i, o]);
    const y = this.matmul(x, wt, `${name}.mm`);
    return b ? this.add(y, this.weight(`${name}.bias`, b.data, b.dims), name) : y;
  }

  /** x [..., in] · W + b with W already [in, out] (GPT-2's Conv1D). */
  linearInOut(x: string, w: { data: Float32Array; dims: number[] }, b: { data: Float32Array; dims: number[] }, name: string): string {
    return this.add(this.matmul(x, this.weight(`${name}.weight`, w.data, w.dims), `${name}.mm`), this.weight(`${name}.bias`, b.data, b.dims), name);
  }

  layerNorm(x: string, g: { data: Float32Array; dims: number[] }, b: { data: Float32Array; dims: number[] }, eps: number, name: string): string {
    return this.op('LayerNormalization', [x, this.weight(`${name}.weight`, g.data, g.dims), this.weight(`${name}.bias`, b.data, b.dims)], { axis: -1, epsilon: { float: eps } }, name);
  }

  /** Exact GELU x/2·(1 + erf(x/√2)); opset 17 has no Gelu op. */
  geluErf(x: string): string {
    const e = this.op('Erf', [this.mul(x, this.scalar('sqrt1_2', Math.SQRT1_2))]);
    return this.mul(this.mul(x, this.scalar('half', 0.5)), this.add(e, this.scalar('one', 1)));
  }

  /** GELU's tanh approximation (gelu_new / gelu_pytorch_tanh). */
  geluTanh(x: string): string {
    const x3 = this.mul(this.mul(x, x), x);
    const inner = this.mul(this.add(x, this.mul(x3, this.scalar('c0044715', 0.044715))), this.scalar('sqrt2_pi', Math.sqrt(2 / Math.PI)));
    return this.mul(this.mul(x, this.scalar('half', 0.5)), this.add(this.op('Tanh', [inner]), this.scalar('one', 1)));
  }

  toModel(meta: { producerVersion: string; doc?: string; props?: Record<string, string> }): Uint8Array {
    const m: ModelMsg = {
      ir_version: IR_VERSION,
      producer_name: 'transfer-studio',
      producer_version: meta.producerVersion,
      doc_string: meta.doc,
      opset_import: [{ domain: '', version: OPSET }],
      metadata_props: Object.entries(meta.props ?? {}).map(([key, value]) => ({ key, value })),
      graph: { name: this.name, node: this.nodes, initializer: this.inits, input: this.inputs, output: this.outputs },
    };
    return encodeModel(m);
  }
}

export function transpose2d(data: Float32Array, r: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  const B = 64;
  for (let i0 = 0; i0 < r; i0 += B)
    for (let j0 = 0; j0 < c; j0 += B)
      for (let i = i0; i < Math.min(i0 + B, r); i++) for (let j = j0; j < Math.min(j0 + B, c); j++) out[j * r + i] = data[i * c + j]!;
  return out;
}
