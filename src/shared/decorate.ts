// The bundles' `__decorate`, in place of tslib's (rollup.config.mjs): the
// elements decorate fields only, for which TypeScript passes no
// descriptor, so the general helper's class decorators and
// reflect-metadata are left out.
type FieldDecorator = (target: object, key: string, descriptor?: PropertyDescriptor) => PropertyDescriptor | void;

export function __decorate(decorators: FieldDecorator[], target: object, key: string, descriptor?: PropertyDescriptor): void {
  for (let i = decorators.length; i--;) descriptor = decorators[i]!(target, key, descriptor) || descriptor;
  if (descriptor) Object.defineProperty(target, key, descriptor);
}
