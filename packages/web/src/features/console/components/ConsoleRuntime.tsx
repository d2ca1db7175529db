import { LiveUpdates } from './LiveUpdates';
import { Shortcuts } from './Shortcuts';

/** Mounted once in the console shell: live updates and keyboard shortcuts on every console page. */
export function ConsoleRuntime() {
  return (
    <>
      <LiveUpdates />
      <Shortcuts />
    </>
  );
}
