// typedoc plugin: every property of an exported interface or class needs a doc comment.
// typedoc's own `notDocumented` check (which covers every other kind here) would also demand one
// for each member of an inline object type, and so for each of the thousands of entries of the data
// tables of @sock/errors (`errno.linux.EADDRINUSE`); those are described by the doc comment of the
// table, option or parameter that holds them.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (!reflection.kindOf(ReflectionKind.Property) || reflection.hasComment()) continue;
      if (reflection.parent?.kindOf(ReflectionKind.TypeLiteral)) continue;
      // Inherited members are documented where they are declared (Error.message, Error.stack).
      if (reflection.inheritedFrom !== undefined || reflection.flags.isExternal) continue;
      const file = reflection.sources?.[0]?.fullFileName ?? 'an unknown file';
      app.logger.warn(
        `${reflection.getFriendlyFullName()} (Property), defined in ${file}, has no doc comment`,
      );
    }
  });
}
