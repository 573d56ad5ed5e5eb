/**
 * The environment a kernel starts with, built from parts in a fixed order so that nothing the
 * client sends can override what the gateway decides: the base (PATH, LANG), the spec's own,
 * then the client's KERNEL_* variables (the gateway protocol's way to pass settings, as
 * GatewayClient does), then the owner and the launcher's registration, which always win.
 */
export function buildKernelEnvironment(parts: {
  base: Record<string, string>;
  spec: Record<string, string>;
  client: Record<string, string>;
  owner: string;
  registration: { url: string; token: string };
}): Record<string, string> {
  const client = Object.fromEntries(
    Object.entries(parts.client).filter(
      ([key, value]) =>
        /^KERNEL_[A-Z0-9_]{1,64}$/.test(key) && typeof value === 'string' && value.length <= 4096,
    ),
  );
  return {
    ...parts.base,
    ...parts.spec,
    ...client,
    KERNEL_USERNAME: parts.owner,
    STYX_KERNEL_REGISTER_URL: parts.registration.url,
    STYX_KERNEL_REGISTER_TOKEN: parts.registration.token,
  };
}
