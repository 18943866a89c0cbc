// getaddrinfo() error codes per platform, gai_strerror() text, and what Node makes of them.
//
// linux:   glibc <netdb.h> (on this machine /usr/include/netdb.h; the test re-reads it): negative,
//          EAI_NODATA/EAI_ADDRFAMILY and the GNU extensions -100..-105 need _GNU_SOURCE, which
//          Node's build has.
// darwin:  Apple Libc include/netdb.h: positive 1..14.
// freebsd: freebsd-src include/netdb.h: positive, same numbers, but EAI_ADDRFAMILY (1) and
//          EAI_NODATA (7) are compiled out ("obsoleted on RFC 2553bis-02").
// win32:   the Windows SDK's ws2tcpip.h: the EAI_* names are Winsock error numbers, and EAI_NODATA
//          is defined as EAI_NONAME (both 11001). EAI_NOSECURENAME and EAI_IPSECPOLICY are
//          Windows-only.
// Node never shows these numbers: libuv turns them into UV_EAI_* (see uv.ts), and Node's
// dns module then reports EAI_NONAME and EAI_NODATA as code 'ENOTFOUND' (lib/internal/errors.js,
// dnsException).

/** getaddrinfo() EAI_* names to numbers, per platform. */
export const eai = {
  linux: {
    EAI_IDN_ENCODE: -105,
    EAI_INTR: -104,
    EAI_ALLDONE: -103,
    EAI_NOTCANCELED: -102,
    EAI_CANCELED: -101,
    EAI_INPROGRESS: -100,
    EAI_OVERFLOW: -12,
    EAI_SYSTEM: -11,
    EAI_MEMORY: -10,
    EAI_ADDRFAMILY: -9,
    EAI_SERVICE: -8,
    EAI_SOCKTYPE: -7,
    EAI_FAMILY: -6,
    EAI_NODATA: -5,
    EAI_FAIL: -4,
    EAI_AGAIN: -3,
    EAI_NONAME: -2,
    EAI_BADFLAGS: -1,
  },
  darwin: {
    EAI_ADDRFAMILY: 1,
    EAI_AGAIN: 2,
    EAI_BADFLAGS: 3,
    EAI_FAIL: 4,
    EAI_FAMILY: 5,
    EAI_MEMORY: 6,
    EAI_NODATA: 7,
    EAI_NONAME: 8,
    EAI_SERVICE: 9,
    EAI_SOCKTYPE: 10,
    EAI_SYSTEM: 11,
    EAI_BADHINTS: 12,
    EAI_PROTOCOL: 13,
    EAI_OVERFLOW: 14,
  },
  freebsd: {
    EAI_AGAIN: 2,
    EAI_BADFLAGS: 3,
    EAI_FAIL: 4,
    EAI_FAMILY: 5,
    EAI_MEMORY: 6,
    EAI_NONAME: 8,
    EAI_SERVICE: 9,
    EAI_SOCKTYPE: 10,
    EAI_SYSTEM: 11,
    EAI_BADHINTS: 12,
    EAI_PROTOCOL: 13,
    EAI_OVERFLOW: 14,
  },
  win32: {
    EAI_MEMORY: 8, // WSA_NOT_ENOUGH_MEMORY
    EAI_BADFLAGS: 10022, // WSAEINVAL
    EAI_SOCKTYPE: 10044, // WSAESOCKTNOSUPPORT
    EAI_FAMILY: 10047, // WSAEAFNOSUPPORT
    EAI_SERVICE: 10109, // WSATYPE_NOT_FOUND
    EAI_NONAME: 11001, // WSAHOST_NOT_FOUND
    EAI_NODATA: 11001, // defined as EAI_NONAME
    EAI_AGAIN: 11002, // WSATRY_AGAIN
    EAI_FAIL: 11003, // WSANO_RECOVERY
    EAI_NOSECURENAME: 11032, // WSA_SECURE_HOST_NOT_FOUND
    EAI_IPSECPOLICY: 11033, // WSA_IPSEC_NAME_POLICY_ERROR
  },
} as const;

/** A getaddrinfo() error name on at least one platform. */
export type EaiName =
  | keyof typeof eai.linux
  | keyof typeof eai.darwin
  | keyof typeof eai.freebsd
  | keyof typeof eai.win32;

/** Names that share another name's number on a platform: on Windows EAI_NODATA is EAI_NONAME. */
export const eaiAliases = {
  linux: {},
  darwin: {},
  freebsd: {},
  win32: { EAI_NODATA: 'EAI_NONAME' },
} as const;

/** gai_strerror() text for each name: glibc's wording where glibc has text for it, else BSD's or Microsoft's. */
export const eaiMessages: Readonly<Record<EaiName, string>> = {
  EAI_ADDRFAMILY: 'Address family for hostname not supported',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_ALLDONE: 'All requests done',
  EAI_BADFLAGS: 'Bad value for ai_flags',
  EAI_BADHINTS: 'Invalid value for hints',
  EAI_CANCELED: 'Request canceled',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
  EAI_FAMILY: 'ai_family not supported',
  EAI_IDN_ENCODE: 'Parameter string not correctly encoded',
  EAI_INPROGRESS: 'Processing request in progress',
  EAI_INTR: 'Interrupted by a signal',
  EAI_IPSECPOLICY: 'Name does not match the IPsec policy',
  EAI_MEMORY: 'Memory allocation failure',
  EAI_NODATA: 'No address associated with hostname',
  EAI_NONAME: 'Name or service not known',
  EAI_NOSECURENAME: 'No secure reply could be obtained for the name',
  EAI_NOTCANCELED: 'Request not canceled',
  EAI_OVERFLOW: 'Argument buffer overflow',
  EAI_PROTOCOL: 'Resolved protocol is unknown',
  EAI_SERVICE: 'Servname not supported for ai_socktype',
  EAI_SOCKTYPE: 'ai_socktype not supported',
  EAI_SYSTEM: 'System error',
};

/**
 * The err.code Node gives a failed lookup for each EAI_* name: 'ENOTFOUND' for "no such name"
 * (EAI_NONAME, EAI_NODATA), the name itself otherwise.
 */
export const eaiNodeCodes: Readonly<Record<EaiName, string>> = {
  EAI_ADDRFAMILY: 'EAI_ADDRFAMILY',
  EAI_AGAIN: 'EAI_AGAIN',
  EAI_ALLDONE: 'EAI_ALLDONE',
  EAI_BADFLAGS: 'EAI_BADFLAGS',
  EAI_BADHINTS: 'EAI_BADHINTS',
  EAI_CANCELED: 'EAI_CANCELED',
  EAI_FAIL: 'EAI_FAIL',
  EAI_FAMILY: 'EAI_FAMILY',
  EAI_IDN_ENCODE: 'EAI_IDN_ENCODE',
  EAI_INPROGRESS: 'EAI_INPROGRESS',
  EAI_INTR: 'EAI_INTR',
  EAI_IPSECPOLICY: 'EAI_IPSECPOLICY',
  EAI_MEMORY: 'EAI_MEMORY',
  EAI_NODATA: 'ENOTFOUND',
  EAI_NONAME: 'ENOTFOUND',
  EAI_NOSECURENAME: 'EAI_NOSECURENAME',
  EAI_NOTCANCELED: 'EAI_NOTCANCELED',
  EAI_OVERFLOW: 'EAI_OVERFLOW',
  EAI_PROTOCOL: 'EAI_PROTOCOL',
  EAI_SERVICE: 'EAI_SERVICE',
  EAI_SOCKTYPE: 'EAI_SOCKTYPE',
  EAI_SYSTEM: 'EAI_SYSTEM',
};
