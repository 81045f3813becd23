/** Every activity the certificate rotation workflow calls; the workflow imports this module's types only. */
export { inspectRotation, trustCertificates, restoreRotatedProvider } from './rotation-provider.js';
export {
  generateRotationBundle,
  removeRotationBundle,
  recordRotation,
  installRotatedBundle,
  uninstallRotatedBundle,
} from './rotation-bundle.js';
