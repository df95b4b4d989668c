import { useCall } from '../api/hooks';

/** What a run's items are called in its sentences: "texts" for a text backbone's run, else "images". */
export function useItemWord(backboneId: string | null | undefined): 'images' | 'texts' {
  const backbones = useCall('backbones.list', {});
  return backbones.data?.backbones.find((b) => b.id === backboneId)?.modality === 'text' ? 'texts' : 'images';
}
