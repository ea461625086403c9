import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../shared/contract/contract';
import { buildApi } from './bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, buildApi(ipcRenderer, 'staff'));
