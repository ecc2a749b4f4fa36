import type { Handler } from '../../api/handlers';
import type { BackupService } from './backup.service';

type BackupMethod =
  | 'backup.list'
  | 'backup.status'
  | 'backup.create'
  | 'backup.restorePreview'
  | 'backup.restore'
  | 'backup.drill'
  | 'backup.settings'
  | 'backup.chooseFolder'
  | 'backup.updateSettings';

/** 备份与恢复: contract → service, merged into the one handler map in api/handlers.ts. */
export function backupHandlers(backup: BackupService): { [M in BackupMethod]: Handler<M> } {
  return {
    'backup.list': () => backup.list(),
    'backup.status': () => backup.status(),
    'backup.create': () => backup.create('manual'),
    'backup.restorePreview': (input) => backup.restorePreview(input.id, input.where),
    'backup.restore': (input, ctx) => backup.restoreForDoor(input.id, input.where, ctx),
    'backup.drill': (input) => backup.drill(input.id, input.where),
    'backup.settings': () => backup.settings(),
    'backup.chooseFolder': () => backup.chooseFolder(),
    'backup.updateSettings': (input, ctx) => backup.updateSettingsFor(input, ctx),
  };
}
