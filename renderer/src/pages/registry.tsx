import type { ComponentType, ReactElement } from 'react';
import FolderIcon from '@mui/icons-material/FolderOpen';
import LabelIcon from '@mui/icons-material/LocalOffer';
import HubIcon from '@mui/icons-material/Hub';
import TrainIcon from '@mui/icons-material/ShowChart';
import ScienceIcon from '@mui/icons-material/Science';
import PredictIcon from '@mui/icons-material/AutoAwesome';
import AttentionIcon from '@mui/icons-material/Visibility';
import SweepIcon from '@mui/icons-material/AccountTree';
import { DatasetsPage } from './DatasetsPage';
import { LabelPage } from './LabelPage';
import { BackbonesPage } from './BackbonesPage';
import { TrainPage } from './TrainPage';
import { ExperimentsPage } from './ExperimentsPage';
import { PredictPage } from './PredictPage';
import { AttentionPage } from './AttentionPage';
import { SweepPage } from '../sweep/SweepPage';

export interface PageDef {
  id: string;
  label: string;
  icon: ReactElement;
  Component: ComponentType<{ rest: string[] }>;
}

/** The navigation, in the order a newcomer walks it. */
export const pages: readonly PageDef[] = [
  { id: 'datasets', label: 'Datasets', icon: <FolderIcon />, Component: DatasetsPage },
  { id: 'label', label: 'Label', icon: <LabelIcon />, Component: LabelPage },
  { id: 'backbones', label: 'Backbones', icon: <HubIcon />, Component: BackbonesPage },
  { id: 'train', label: 'Train', icon: <TrainIcon />, Component: TrainPage },
  { id: 'experiments', label: 'Experiments', icon: <ScienceIcon />, Component: ExperimentsPage },
  { id: 'sweep', label: 'Sweep', icon: <SweepIcon />, Component: SweepPage },
  { id: 'predict', label: 'Predict', icon: <PredictIcon />, Component: PredictPage },
  { id: 'attention', label: 'Attention', icon: <AttentionIcon />, Component: AttentionPage },
];
