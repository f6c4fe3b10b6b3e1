// @ts-check
/**
 * electron-builder's afterPack hook: flips the Electron fuses of the packaged binary, then reads
 * them back and fails the packaging if any is not as wanted. It runs before signing, so the
 * signature covers the flipped binary.
 *
 * Why a hook rather than electron-builder's `electronFuses` option: the read-back check (the
 * option flips and trusts), and one place that says which fuse is set and why.
 */
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

// How the fuse wire stores a fuse: the ASCII digits '1' (on) and '0' (off).
const ON = 0x31;
const OFF = 0x30;

/**
 * The fuses Beacon sets, the same on every platform.
 * @type {ReadonlyArray<{ fuse: FuseV1Options; on: boolean; why: string }>}
 */
export const FUSES = [
  {
    fuse: FuseV1Options.RunAsNode,
    on: false,
    why: 'ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node',
  },
  {
    fuse: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
    on: false,
    why: 'NODE_OPTIONS (and NODE_EXTRA_CA_CERTS) could inject code or trust into the main process',
  },
  {
    fuse: FuseV1Options.EnableNodeCliInspectArguments,
    on: false,
    why: '--inspect and SIGUSR1 would open a debugger on the process that holds the password',
  },
  {
    fuse: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
    on: true,
    why: 'macOS and Windows check app.asar against the hash electron-builder embeds (Linux has no such check)',
  },
  {
    fuse: FuseV1Options.OnlyLoadAppFromAsar,
    on: true,
    why: 'with the integrity check, no unvalidated app folder can be loaded instead of app.asar',
  },
  {
    fuse: FuseV1Options.EnableCookieEncryption,
    on: true,
    why: 'cookies on disk are encrypted with the OS keychain; a one-way switch, so on from the first release',
  },
  {
    fuse: FuseV1Options.GrantFileProtocolExtraPrivileges,
    on: false,
    why: 'the window is served by the app:// protocol, so file:// pages need no extra privileges',
  },
];

/**
 * The file @electron/fuses patches: the .app bundle on macOS (it finds the framework inside),
 * the .exe on Windows, the executable on Linux.
 * @param {{ appOutDir: string; electronPlatformName: string; packager: { executableName?: string; appInfo: { productFilename: string } } }} context
 * @returns {string}
 */
export function packagedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      if (!packager.executableName)
        throw new Error('afterPack: the Linux packager has no executableName');
      return join(appOutDir, packager.executableName);
    default:
      throw new Error(`afterPack: no Electron binary known for platform "${electronPlatformName}"`);
  }
}

/**
 * @param {Parameters<typeof packagedBinary>[0]} context
 * @returns {Promise<void>}
 */
export default async function afterPack(context) {
  const binary = packagedBinary(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  /** @type {import('@electron/fuses').FuseV1Config} */
  const config = {
    version: FuseVersion.V1,
    // Patching the binary breaks the ad-hoc signature Apple silicon needs to launch at all.
    resetAdHocDarwinSignature: isMac,
  };
  for (const { fuse, on } of FUSES) config[fuse] = on;
  await flipFuses(binary, config);

  const wire = await getCurrentFuseWire(binary);
  const wrong = FUSES.filter(({ fuse, on }) => wire[fuse] !== (on ? ON : OFF)).map(
    ({ fuse, on }) => `${FuseV1Options[fuse]} should be ${on ? 'on' : 'off'}`,
  );
  if (wrong.length > 0) {
    throw new Error(`afterPack: fuses not set in ${binary}: ${wrong.join('; ')}`);
  }
  console.log(
    `  • fuses set  ${FUSES.map(({ fuse, on }) => `${FuseV1Options[fuse]}=${on ? 'on' : 'off'}`).join(' ')}`,
  );
}
