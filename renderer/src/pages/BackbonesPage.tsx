import { Button } from '@mui/material';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';
import { navigate } from '../shell/route';

export function BackbonesPage() {
  return (
    <>
      <PageHeader title="Backbones" />
      <EmptyState
        title="No backbones installed"
        body="A backbone is a model pretrained on millions of images or texts. Add one (ResNet, VGG, ViT, BERT, GPT-2) and the studio fine-tunes it on your data."
        action={
          <Button variant="contained" onClick={() => navigate('datasets')}>
            Import data first
          </Button>
        }
      />
    </>
  );
}
