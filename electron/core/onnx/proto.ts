import protobuf from 'protobufjs';
import { onnxSchema } from './onnx-schema';

/** ONNX's TensorProto.DataType values this studio writes. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

// The standard opset the graphs use: 17 has LayerNormalization and is the newest python3-onnx 1.12's checker knows.
export const OPSET = 17;
export const IR_VERSION = 8;

export interface TensorMsg {
  name: string;
  dims: number[];
  data_type: DataTypeCode;
  raw_data: Uint8Array;
}

export interface AttributeMsg {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  floats?: number[];
  t?: TensorMsg;
}

export interface NodeMsg {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMsg[];
  domain?: string;
}

export type Dim = number | string;

export interface ValueInfoMsg {
  name: string;
  type: { tensor_type: { elem_type: DataTypeCode; shape: { dim: Array<{ dim_value?: number; dim_param?: string }> } } };
}

export interface ModelMsg {
  ir_version: number;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  opset_import: Array<{ domain: string; version: number }>;
  metadata_props: Array<{ key: string; value: string }>;
  graph: {
    name: string;
    node: NodeMsg[];
    initializer: TensorMsg[];
    input: ValueInfoMsg[];
    output: ValueInfoMsg[];
    doc_string?: string;
  };
}

let modelType: protobuf.Type | null = null;
function model(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(onnxSchema as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

export function encodeModel(m: ModelMsg): Uint8Array {
  return model().encode(m as unknown as Record<string, unknown>).finish();
}

/** Decodes an .onnx file into plain objects (int64 as numbers, bytes as Uint8Array). */
export function decodeModel(bytes: Uint8Array): ModelMsg {
  const t = model();
  return t.toObject(t.decode(bytes), { longs: Number, bytes: Uint8Array as unknown as typeof String, defaults: false, arrays: true }) as ModelMsg;
}
