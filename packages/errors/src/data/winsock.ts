// Every Windows Sockets error code, with a short title, a description in our own words and the
// errno name it corresponds to where there is one (undefined where none exists on Linux).
//
// Numbers: the Windows SDK's winerror.h / winsock2.h (WSABASEERR 10000 + n), cross-checked against
// mingw-w64 and Wine's headers: the six WSA_* aliases of Win32 errors (6, 8, 87, 995, 996, 997),
// 10004..10112 where defined, the resolver codes 11001..11004, WSA_QOS_* 11005..11031 and the two
// getaddrinfo-only codes 11032..11033. The titles follow Microsoft's "Windows Sockets Error Codes"
// list. WSANO_ADDRESS is a header alias of WSANO_DATA (see winsockAliases). The Windows lane holds
// every WSA* name of node.exe's os.constants.errno against these numbers.
//
// winsockToUv is libuv's uv_translate_sys_error() (src/win/error.c, libuv 1.52): the explicit cases
// only; every other Win32 or Winsock number becomes UNKNOWN (the switch's default).
import type { UvName } from './uv.js';

/** One Winsock error code. */
export interface WinsockEntry {
  /** The name as winsock2.h spells it (`WSAEADDRINUSE`). */
  readonly name: string;
  /** Its number (10048). */
  readonly number: number;
  /** The short title of Microsoft's Windows Sockets Error Codes list (`Address already in use`). */
  readonly title: string;
  /** What it means, in sock's own words. */
  readonly description: string;
  /** The errno name it corresponds to (`EADDRINUSE`); undefined where Linux has none. */
  readonly posix: string | undefined;
}

/** Every Winsock error, keyed by name. */
export const winsock = {
  WSA_INVALID_HANDLE: {
    name: 'WSA_INVALID_HANDLE',
    number: 6,
    title: 'Specified event object handle is invalid',
    description:
      'An overlapped call or WSAWaitForMultipleEvents was given an event handle that is closed or was never an event. Same number as the Win32 ERROR_INVALID_HANDLE.',
    posix: 'EBADF',
  },
  WSA_NOT_ENOUGH_MEMORY: {
    name: 'WSA_NOT_ENOUGH_MEMORY',
    number: 8,
    title: 'Insufficient memory available',
    description:
      'Winsock could not allocate the memory a call needed. Same number as the Win32 ERROR_NOT_ENOUGH_MEMORY; getaddrinfo reports it as EAI_MEMORY.',
    posix: 'ENOMEM',
  },
  WSA_INVALID_PARAMETER: {
    name: 'WSA_INVALID_PARAMETER',
    number: 87,
    title: 'One or more parameters are invalid',
    description:
      'A Winsock 2 call got an argument it cannot use. Same number as the Win32 ERROR_INVALID_PARAMETER.',
    posix: 'EINVAL',
  },
  WSA_OPERATION_ABORTED: {
    name: 'WSA_OPERATION_ABORTED',
    number: 995,
    title: 'Overlapped operation aborted',
    description:
      'A pending overlapped operation ended early because its socket was closed or the request was cancelled. Same number as the Win32 ERROR_OPERATION_ABORTED.',
    posix: 'ECANCELED',
  },
  WSA_IO_INCOMPLETE: {
    name: 'WSA_IO_INCOMPLETE',
    number: 996,
    title: 'Overlapped I/O event object not in signaled state',
    description:
      'The result of an overlapped operation was asked for before the operation finished. Same number as the Win32 ERROR_IO_INCOMPLETE.',
    posix: 'EINPROGRESS',
  },
  WSA_IO_PENDING: {
    name: 'WSA_IO_PENDING',
    number: 997,
    title: 'Overlapped operations will complete later',
    description:
      'Not a failure: an overlapped operation started and will signal completion later. Same number as the Win32 ERROR_IO_PENDING.',
    posix: 'EINPROGRESS',
  },
  WSAEINTR: {
    name: 'WSAEINTR',
    number: 10004,
    title: 'Interrupted function call',
    description:
      'A blocking call was cut short, typically by WSACancelBlockingCall or by closing the socket from another thread. libuv reports it as ECANCELED, not EINTR.',
    posix: 'EINTR',
  },
  WSAEBADF: {
    name: 'WSAEBADF',
    number: 10009,
    title: 'File handle is not valid',
    description:
      'The handle passed is not a valid file or socket handle, for example one that was already closed.',
    posix: 'EBADF',
  },
  WSAEACCES: {
    name: 'WSAEACCES',
    number: 10013,
    title: 'Permission denied',
    description:
      'The socket may not be used this way: a broadcast address without SO_BROADCAST, a port reserved or excluded by the system, or an address another socket holds with SO_EXCLUSIVEADDRUSE.',
    posix: 'EACCES',
  },
  WSAEFAULT: {
    name: 'WSAEFAULT',
    number: 10014,
    title: 'Bad address',
    description:
      'A pointer argument is invalid or a buffer or address length is too small for the data.',
    posix: 'EFAULT',
  },
  WSAEINVAL: {
    name: 'WSAEINVAL',
    number: 10022,
    title: 'Invalid argument',
    description:
      'An argument is wrong or the socket is in the wrong state for the call, such as accept on a socket that is not listening or bind on a socket already bound.',
    posix: 'EINVAL',
  },
  WSAEMFILE: {
    name: 'WSAEMFILE',
    number: 10024,
    title: 'Too many open files',
    description: 'The process or the provider has run out of socket handles.',
    posix: 'EMFILE',
  },
  WSAEWOULDBLOCK: {
    name: 'WSAEWOULDBLOCK',
    number: 10035,
    title: 'Resource temporarily unavailable',
    description:
      'A non-blocking socket has nothing to return right now, or a non-blocking connect has started; retry once the socket is ready.',
    posix: 'EWOULDBLOCK',
  },
  WSAEINPROGRESS: {
    name: 'WSAEINPROGRESS',
    number: 10036,
    title: 'Operation now in progress',
    description:
      'A blocking operation is already running on this thread (a Winsock 1.1 limit); only one may be active at a time.',
    posix: 'EINPROGRESS',
  },
  WSAEALREADY: {
    name: 'WSAEALREADY',
    number: 10037,
    title: 'Operation already in progress',
    description:
      'The non-blocking operation asked for is already under way on this socket, such as a second connect before the first finished.',
    posix: 'EALREADY',
  },
  WSAENOTSOCK: {
    name: 'WSAENOTSOCK',
    number: 10038,
    title: 'Socket operation on nonsocket',
    description: 'The handle given to a socket call is not a socket.',
    posix: 'ENOTSOCK',
  },
  WSAEDESTADDRREQ: {
    name: 'WSAEDESTADDRREQ',
    number: 10039,
    title: 'Destination address required',
    description: 'A send on an unconnected socket named no destination address.',
    posix: 'EDESTADDRREQ',
  },
  WSAEMSGSIZE: {
    name: 'WSAEMSGSIZE',
    number: 10040,
    title: 'Message too long',
    description:
      'A datagram was larger than the send buffer or the protocol limit, or larger than the receive buffer, which then truncated it.',
    posix: 'EMSGSIZE',
  },
  WSAEPROTOTYPE: {
    name: 'WSAEPROTOTYPE',
    number: 10041,
    title: 'Protocol wrong type for socket',
    description:
      'The protocol given does not fit the socket type, for example a stream protocol for a datagram socket.',
    posix: 'EPROTOTYPE',
  },
  WSAENOPROTOOPT: {
    name: 'WSAENOPROTOOPT',
    number: 10042,
    title: 'Bad protocol option',
    description:
      'getsockopt or setsockopt named an option or level that is unknown, unsupported or not valid here.',
    posix: 'ENOPROTOOPT',
  },
  WSAEPROTONOSUPPORT: {
    name: 'WSAEPROTONOSUPPORT',
    number: 10043,
    title: 'Protocol not supported',
    description: 'The protocol asked for is not installed or not implemented.',
    posix: 'EPROTONOSUPPORT',
  },
  WSAESOCKTNOSUPPORT: {
    name: 'WSAESOCKTNOSUPPORT',
    number: 10044,
    title: 'Socket type not supported',
    description:
      'This address family has no support for the socket type asked for. getaddrinfo reports it as EAI_SOCKTYPE.',
    posix: 'ESOCKTNOSUPPORT',
  },
  WSAEOPNOTSUPP: {
    name: 'WSAEOPNOTSUPP',
    number: 10045,
    title: 'Operation not supported',
    description:
      'The operation does not apply to this kind of socket, such as listen on a datagram socket.',
    posix: 'EOPNOTSUPP',
  },
  WSAEPFNOSUPPORT: {
    name: 'WSAEPFNOSUPPORT',
    number: 10046,
    title: 'Protocol family not supported',
    description:
      'The protocol family is not configured on this system or has no implementation. libuv reports it as EINVAL.',
    posix: 'EPFNOSUPPORT',
  },
  WSAEAFNOSUPPORT: {
    name: 'WSAEAFNOSUPPORT',
    number: 10047,
    title: 'Address family not supported by protocol family',
    description:
      'The address given belongs to a family this socket or protocol cannot use, such as an IPv6 address on an IPv4 socket, or IPv6 is not available. getaddrinfo reports it as EAI_FAMILY.',
    posix: 'EAFNOSUPPORT',
  },
  WSAEADDRINUSE: {
    name: 'WSAEADDRINUSE',
    number: 10048,
    title: 'Address already in use',
    description:
      'Another socket is already bound to this address and port and reuse was not allowed; choose another port or stop the other process.',
    posix: 'EADDRINUSE',
  },
  WSAEADDRNOTAVAIL: {
    name: 'WSAEADDRNOTAVAIL',
    number: 10049,
    title: 'Cannot assign requested address',
    description:
      "The address is not valid in this context: not one of this machine's addresses for bind, or an address such as 0.0.0.0 or port 0 as a connect target.",
    posix: 'EADDRNOTAVAIL',
  },
  WSAENETDOWN: {
    name: 'WSAENETDOWN',
    number: 10050,
    title: 'Network is down',
    description: 'The network subsystem, the network interface or the local network failed.',
    posix: 'ENETDOWN',
  },
  WSAENETUNREACH: {
    name: 'WSAENETUNREACH',
    number: 10051,
    title: 'Network is unreachable',
    description: 'The local stack knows no route to the destination network.',
    posix: 'ENETUNREACH',
  },
  WSAENETRESET: {
    name: 'WSAENETRESET',
    number: 10052,
    title: 'Network dropped connection on reset',
    description:
      'A keep-alive found the connection broken while an operation was running, or a setsockopt hit a connection that had already reset.',
    posix: 'ENETRESET',
  },
  WSAECONNABORTED: {
    name: 'WSAECONNABORTED',
    number: 10053,
    title: 'Software caused connection abort',
    description:
      'This host ended an established connection, for example after a data transmission timeout or a protocol error.',
    posix: 'ECONNABORTED',
  },
  WSAECONNRESET: {
    name: 'WSAECONNRESET',
    number: 10054,
    title: 'Connection reset by peer',
    description:
      'The remote host closed the connection abruptly (a reset), for instance because its process exited or it rebooted. On UDP it means an earlier send got an ICMP port unreachable.',
    posix: 'ECONNRESET',
  },
  WSAENOBUFS: {
    name: 'WSAENOBUFS',
    number: 10055,
    title: 'No buffer space available',
    description:
      'The system ran out of buffer space or the queue is full, often from too many connections or ephemeral ports in use.',
    posix: 'ENOBUFS',
  },
  WSAEISCONN: {
    name: 'WSAEISCONN',
    number: 10056,
    title: 'Socket is already connected',
    description:
      'A connect was made on a socket that is already connected, or a sendto named a destination on a connected socket.',
    posix: 'EISCONN',
  },
  WSAENOTCONN: {
    name: 'WSAENOTCONN',
    number: 10057,
    title: 'Socket is not connected',
    description:
      'Data was sent or received on a socket that is not connected and no destination was given.',
    posix: 'ENOTCONN',
  },
  WSAESHUTDOWN: {
    name: 'WSAESHUTDOWN',
    number: 10058,
    title: 'Cannot send after socket shutdown',
    description:
      'Data was sent or received after that direction was closed with shutdown. libuv reports it as EPIPE.',
    posix: 'ESHUTDOWN',
  },
  WSAETOOMANYREFS: {
    name: 'WSAETOOMANYREFS',
    number: 10059,
    title: 'Too many references',
    description: 'Too many references to a kernel object.',
    posix: 'ETOOMANYREFS',
  },
  WSAETIMEDOUT: {
    name: 'WSAETIMEDOUT',
    number: 10060,
    title: 'Connection timed out',
    description:
      'The peer did not answer in time, so the connection attempt failed or an established connection was dropped.',
    posix: 'ETIMEDOUT',
  },
  WSAECONNREFUSED: {
    name: 'WSAECONNREFUSED',
    number: 10061,
    title: 'Connection refused',
    description:
      'The target host actively refused the connection: nothing is listening on that address and port.',
    posix: 'ECONNREFUSED',
  },
  WSAELOOP: {
    name: 'WSAELOOP',
    number: 10062,
    title: 'Cannot translate name',
    description: 'A name could not be translated.',
    posix: 'ELOOP',
  },
  WSAENAMETOOLONG: {
    name: 'WSAENAMETOOLONG',
    number: 10063,
    title: 'Name too long',
    description: 'A name or host name is longer than allowed.',
    posix: 'ENAMETOOLONG',
  },
  WSAEHOSTDOWN: {
    name: 'WSAEHOSTDOWN',
    number: 10064,
    title: 'Host is down',
    description: 'The destination host is down, as far as the stack can tell.',
    posix: 'EHOSTDOWN',
  },
  WSAEHOSTUNREACH: {
    name: 'WSAEHOSTUNREACH',
    number: 10065,
    title: 'No route to host',
    description: 'The destination host cannot be reached from here.',
    posix: 'EHOSTUNREACH',
  },
  WSAENOTEMPTY: {
    name: 'WSAENOTEMPTY',
    number: 10066,
    title: 'Directory not empty',
    description: 'A directory that still holds entries cannot be removed.',
    posix: 'ENOTEMPTY',
  },
  WSAEPROCLIM: {
    name: 'WSAEPROCLIM',
    number: 10067,
    title: 'Too many processes',
    description:
      'The Winsock implementation limits how many applications may use it at once and that limit is reached. BSD calls this EPROCLIM; Linux has no equivalent.',
    posix: undefined,
  },
  WSAEUSERS: {
    name: 'WSAEUSERS',
    number: 10068,
    title: 'User quota exceeded',
    description: 'A per-user quota ran out.',
    posix: 'EUSERS',
  },
  WSAEDQUOT: {
    name: 'WSAEDQUOT',
    number: 10069,
    title: 'Disk quota exceeded',
    description: 'A disk quota ran out.',
    posix: 'EDQUOT',
  },
  WSAESTALE: {
    name: 'WSAESTALE',
    number: 10070,
    title: 'Stale file handle reference',
    description: 'The file handle refers to something that is no longer available.',
    posix: 'ESTALE',
  },
  WSAEREMOTE: {
    name: 'WSAEREMOTE',
    number: 10071,
    title: 'Item is remote',
    description: 'The item is not available locally.',
    posix: 'EREMOTE',
  },
  WSASYSNOTREADY: {
    name: 'WSASYSNOTREADY',
    number: 10091,
    title: 'Network subsystem is unavailable',
    description:
      'WSAStartup found the network subsystem not ready; the Winsock DLL or the network configuration is broken.',
    posix: undefined,
  },
  WSAVERNOTSUPPORTED: {
    name: 'WSAVERNOTSUPPORTED',
    number: 10092,
    title: 'Winsock.dll version out of range',
    description:
      'The Winsock version the application asked WSAStartup for is not supported by this implementation.',
    posix: undefined,
  },
  WSANOTINITIALISED: {
    name: 'WSANOTINITIALISED',
    number: 10093,
    title: 'Successful WSAStartup not yet performed',
    description: 'A Winsock function was called before WSAStartup succeeded, or after WSACleanup.',
    posix: undefined,
  },
  WSAEDISCON: {
    name: 'WSAEDISCON',
    number: 10101,
    title: 'Graceful shutdown in progress',
    description:
      'A receive on a message-oriented socket found that the peer has begun closing the connection gracefully.',
    posix: undefined,
  },
  WSAENOMORE: {
    name: 'WSAENOMORE',
    number: 10102,
    title: 'No more results',
    description: 'WSALookupServiceNext has no more results to return.',
    posix: undefined,
  },
  WSAECANCELLED: {
    name: 'WSAECANCELLED',
    number: 10103,
    title: 'Call has been canceled',
    description:
      'A service lookup was ended with WSALookupServiceEnd while WSALookupServiceNext was still running.',
    posix: 'ECANCELED',
  },
  WSAEINVALIDPROCTABLE: {
    name: 'WSAEINVALIDPROCTABLE',
    number: 10104,
    title: 'Procedure call table is invalid',
    description: 'A service provider returned an invalid or incomplete procedure table.',
    posix: undefined,
  },
  WSAEINVALIDPROVIDER: {
    name: 'WSAEINVALIDPROVIDER',
    number: 10105,
    title: 'Service provider is invalid',
    description: 'A service provider returned a Winsock version other than 2.2.',
    posix: undefined,
  },
  WSAEPROVIDERFAILEDINIT: {
    name: 'WSAEPROVIDERFAILEDINIT',
    number: 10106,
    title: 'Service provider failed to initialize',
    description: 'A service provider could not be loaded or its start-up function failed.',
    posix: undefined,
  },
  WSASYSCALLFAILURE: {
    name: 'WSASYSCALLFAILURE',
    number: 10107,
    title: 'System call failure',
    description:
      'A system call that should never fail did fail, a sign of a damaged network stack or catalog.',
    posix: undefined,
  },
  WSASERVICE_NOT_FOUND: {
    name: 'WSASERVICE_NOT_FOUND',
    number: 10108,
    title: 'Service not found',
    description: 'No service of this kind is known in the given name spaces.',
    posix: undefined,
  },
  WSATYPE_NOT_FOUND: {
    name: 'WSATYPE_NOT_FOUND',
    number: 10109,
    title: 'Class type not found',
    description: 'The class type asked for was not found. getaddrinfo reports it as EAI_SERVICE.',
    posix: undefined,
  },
  WSA_E_NO_MORE: {
    name: 'WSA_E_NO_MORE',
    number: 10110,
    title: 'No more results',
    description:
      'WSALookupServiceNext has no more results to return (the Winsock 2 spelling of WSAENOMORE).',
    posix: undefined,
  },
  WSA_E_CANCELLED: {
    name: 'WSA_E_CANCELLED',
    number: 10111,
    title: 'Call was canceled',
    description:
      'A service lookup was ended while a WSALookupServiceNext call was still running (the Winsock 2 spelling of WSAECANCELLED).',
    posix: 'ECANCELED',
  },
  WSAEREFUSED: {
    name: 'WSAEREFUSED',
    number: 10112,
    title: 'Database query was refused',
    description: 'A database query failed because the server actively refused it.',
    posix: undefined,
  },
  WSAHOST_NOT_FOUND: {
    name: 'WSAHOST_NOT_FOUND',
    number: 11001,
    title: 'Host not found',
    description:
      'No such host is known: the name does not exist in DNS or the hosts file. getaddrinfo reports it as EAI_NONAME (and EAI_NODATA); Node shows ENOTFOUND.',
    posix: undefined,
  },
  WSATRY_AGAIN: {
    name: 'WSATRY_AGAIN',
    number: 11002,
    title: 'Nonauthoritative host not found',
    description:
      'The name lookup failed for now, often because a DNS server did not answer; retrying later may work. getaddrinfo reports it as EAI_AGAIN.',
    posix: undefined,
  },
  WSANO_RECOVERY: {
    name: 'WSANO_RECOVERY',
    number: 11003,
    title: 'This is a nonrecoverable error',
    description:
      'The name lookup hit an error that retrying will not fix, such as a server refusing the query. getaddrinfo reports it as EAI_FAIL.',
    posix: undefined,
  },
  WSANO_DATA: {
    name: 'WSANO_DATA',
    number: 11004,
    title: 'Valid name, no data record of requested type',
    description:
      'The name exists but has no record of the kind asked for, such as no address for the family.',
    posix: undefined,
  },
  WSA_QOS_RECEIVERS: {
    name: 'WSA_QOS_RECEIVERS',
    number: 11005,
    title: 'QoS receivers',
    description: 'QoS: at least one reservation message has arrived.',
    posix: undefined,
  },
  WSA_QOS_SENDERS: {
    name: 'WSA_QOS_SENDERS',
    number: 11006,
    title: 'QoS senders',
    description: 'QoS: at least one path message has arrived.',
    posix: undefined,
  },
  WSA_QOS_NO_SENDERS: {
    name: 'WSA_QOS_NO_SENDERS',
    number: 11007,
    title: 'No QoS senders',
    description: 'QoS: no path messages remain.',
    posix: undefined,
  },
  WSA_QOS_NO_RECEIVERS: {
    name: 'WSA_QOS_NO_RECEIVERS',
    number: 11008,
    title: 'No QoS receivers',
    description: 'QoS: no reservation messages remain.',
    posix: undefined,
  },
  WSA_QOS_REQUEST_CONFIRMED: {
    name: 'WSA_QOS_REQUEST_CONFIRMED',
    number: 11009,
    title: 'QoS request confirmed',
    description: 'QoS: a reservation has been confirmed.',
    posix: undefined,
  },
  WSA_QOS_ADMISSION_FAILURE: {
    name: 'WSA_QOS_ADMISSION_FAILURE',
    number: 11010,
    title: 'QoS admission error',
    description: 'QoS: the request was turned down for lack of resources.',
    posix: undefined,
  },
  WSA_QOS_POLICY_FAILURE: {
    name: 'WSA_QOS_POLICY_FAILURE',
    number: 11011,
    title: 'QoS policy failure',
    description:
      'QoS: the request was turned down by policy, for lack of rights or a bad credential.',
    posix: undefined,
  },
  WSA_QOS_BAD_STYLE: {
    name: 'WSA_QOS_BAD_STYLE',
    number: 11012,
    title: 'QoS bad style',
    description: 'QoS: the filter style is unknown or conflicts with the current one.',
    posix: undefined,
  },
  WSA_QOS_BAD_OBJECT: {
    name: 'WSA_QOS_BAD_OBJECT',
    number: 11013,
    title: 'QoS bad object',
    description: 'QoS: a FILTERSPEC or a provider-specific buffer part is malformed.',
    posix: undefined,
  },
  WSA_QOS_TRAFFIC_CTRL_ERROR: {
    name: 'WSA_QOS_TRAFFIC_CTRL_ERROR',
    number: 11014,
    title: 'QoS traffic control error',
    description:
      'QoS: the traffic control interface rejected the request, often because of a bad FLOWSPEC.',
    posix: undefined,
  },
  WSA_QOS_GENERIC_ERROR: {
    name: 'WSA_QOS_GENERIC_ERROR',
    number: 11015,
    title: 'QoS generic error',
    description: 'QoS: an error with no more specific code.',
    posix: undefined,
  },
  WSA_QOS_ESERVICETYPE: {
    name: 'WSA_QOS_ESERVICETYPE',
    number: 11016,
    title: 'QoS service type error',
    description: 'QoS: the FLOWSPEC names a service type that is not valid.',
    posix: undefined,
  },
  WSA_QOS_EFLOWSPEC: {
    name: 'WSA_QOS_EFLOWSPEC',
    number: 11017,
    title: 'QoS flowspec error',
    description: 'QoS: the FLOWSPEC structure is invalid or inconsistent.',
    posix: undefined,
  },
  WSA_QOS_EPROVSPECBUF: {
    name: 'WSA_QOS_EPROVSPECBUF',
    number: 11018,
    title: 'Invalid QoS provider buffer',
    description: 'QoS: the provider-specific buffer is invalid.',
    posix: undefined,
  },
  WSA_QOS_EFILTERSTYLE: {
    name: 'WSA_QOS_EFILTERSTYLE',
    number: 11019,
    title: 'Invalid QoS filter style',
    description: 'QoS: the filter style given is invalid.',
    posix: undefined,
  },
  WSA_QOS_EFILTERTYPE: {
    name: 'WSA_QOS_EFILTERTYPE',
    number: 11020,
    title: 'Invalid QoS filter type',
    description: 'QoS: the FILTERSPEC type given is invalid.',
    posix: undefined,
  },
  WSA_QOS_EFILTERCOUNT: {
    name: 'WSA_QOS_EFILTERCOUNT',
    number: 11021,
    title: 'Incorrect QoS filter count',
    description: 'QoS: the number of FILTERSPECs does not match the flow descriptor.',
    posix: undefined,
  },
  WSA_QOS_EOBJLENGTH: {
    name: 'WSA_QOS_EOBJLENGTH',
    number: 11022,
    title: 'Invalid QoS object length',
    description: 'QoS: an object in the provider-specific buffer has a length field that is wrong.',
    posix: undefined,
  },
  WSA_QOS_EFLOWCOUNT: {
    name: 'WSA_QOS_EFLOWCOUNT',
    number: 11023,
    title: 'Incorrect QoS flow count',
    description: 'QoS: the number of flow descriptors is wrong.',
    posix: undefined,
  },
  WSA_QOS_EUNKOWNPSOBJ: {
    name: 'WSA_QOS_EUNKOWNPSOBJ',
    number: 11024,
    title: 'Unrecognized QoS object',
    description:
      'QoS: the provider-specific buffer holds an object type that is not known. (The header really spells it UNKOWN.)',
    posix: undefined,
  },
  WSA_QOS_EPOLICYOBJ: {
    name: 'WSA_QOS_EPOLICYOBJ',
    number: 11025,
    title: 'Invalid QoS policy object',
    description: 'QoS: the provider-specific buffer holds a policy object that is invalid.',
    posix: undefined,
  },
  WSA_QOS_EFLOWDESC: {
    name: 'WSA_QOS_EFLOWDESC',
    number: 11026,
    title: 'Invalid QoS flow descriptor',
    description: 'QoS: the flow descriptor list is invalid.',
    posix: undefined,
  },
  WSA_QOS_EPSFLOWSPEC: {
    name: 'WSA_QOS_EPSFLOWSPEC',
    number: 11027,
    title: 'Invalid QoS provider-specific flowspec',
    description:
      'QoS: the provider-specific buffer holds a FLOWSPEC that is invalid or inconsistent.',
    posix: undefined,
  },
  WSA_QOS_EPSFILTERSPEC: {
    name: 'WSA_QOS_EPSFILTERSPEC',
    number: 11028,
    title: 'Invalid QoS provider-specific filterspec',
    description: 'QoS: the provider-specific buffer holds a FILTERSPEC that is invalid.',
    posix: undefined,
  },
  WSA_QOS_ESDMODEOBJ: {
    name: 'WSA_QOS_ESDMODEOBJ',
    number: 11029,
    title: 'Invalid QoS shape discard mode object',
    description:
      'QoS: the provider-specific buffer holds a shape discard mode object that is invalid.',
    posix: undefined,
  },
  WSA_QOS_ESHAPERATEOBJ: {
    name: 'WSA_QOS_ESHAPERATEOBJ',
    number: 11030,
    title: 'Invalid QoS shaping rate object',
    description: 'QoS: the provider-specific buffer holds a shaping rate object that is invalid.',
    posix: undefined,
  },
  WSA_QOS_RESERVED_PETYPE: {
    name: 'WSA_QOS_RESERVED_PETYPE',
    number: 11031,
    title: 'Reserved policy QoS element type',
    description: 'QoS: the provider-specific buffer holds a policy element of a reserved type.',
    posix: undefined,
  },
  WSA_SECURE_HOST_NOT_FOUND: {
    name: 'WSA_SECURE_HOST_NOT_FOUND',
    number: 11032,
    title: 'Secure host not found',
    description:
      'No secure (DNSSEC-validated) answer could be found for the name. getaddrinfo reports it as EAI_NOSECURENAME.',
    posix: undefined,
  },
  WSA_IPSEC_NAME_POLICY_ERROR: {
    name: 'WSA_IPSEC_NAME_POLICY_ERROR',
    number: 11033,
    title: 'IPsec name policy error',
    description:
      'The name does not satisfy the IPsec policy that applies to it. getaddrinfo reports it as EAI_IPSECPOLICY.',
    posix: undefined,
  },
} as const;

/** The name of a Winsock error, e.g. 'WSAEADDRINUSE'. */
export type WinsockName = keyof typeof winsock;

/** Header aliases of Winsock names: same number, second spelling. */
export const winsockAliases = {
  WSANO_ADDRESS: 'WSANO_DATA',
} as const;

/**
 * The Win32 (non-Winsock) error numbers that libuv translates explicitly, by name, from the
 * Windows SDK's winerror.h (checked against Wine's copy).
 */
export const win32Errors = {
  ERROR_INVALID_FUNCTION: 1,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_PATH_NOT_FOUND: 3,
  ERROR_TOO_MANY_OPEN_FILES: 4,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_NOT_ENOUGH_MEMORY: 8,
  ERROR_INVALID_DATA: 13,
  ERROR_OUTOFMEMORY: 14,
  ERROR_INVALID_DRIVE: 15,
  ERROR_NOT_SAME_DEVICE: 17,
  ERROR_WRITE_PROTECT: 19,
  ERROR_CRC: 23,
  ERROR_GEN_FAILURE: 31,
  ERROR_SHARING_VIOLATION: 32,
  ERROR_LOCK_VIOLATION: 33,
  ERROR_HANDLE_DISK_FULL: 39,
  ERROR_NOT_SUPPORTED: 50,
  ERROR_NETNAME_DELETED: 64,
  ERROR_FILE_EXISTS: 80,
  ERROR_CANNOT_MAKE: 82,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_BROKEN_PIPE: 109,
  ERROR_OPEN_FAILED: 110,
  ERROR_BUFFER_OVERFLOW: 111,
  ERROR_DISK_FULL: 112,
  ERROR_SEM_TIMEOUT: 121,
  ERROR_INSUFFICIENT_BUFFER: 122,
  ERROR_INVALID_NAME: 123,
  ERROR_MOD_NOT_FOUND: 126,
  ERROR_DIR_NOT_EMPTY: 145,
  ERROR_SIGNAL_REFUSED: 156,
  ERROR_BAD_PATHNAME: 161,
  ERROR_ALREADY_EXISTS: 183,
  ERROR_BAD_EXE_FORMAT: 193,
  ERROR_ENVVAR_NOT_FOUND: 203,
  ERROR_NO_SIGNAL_SENT: 205,
  ERROR_FILENAME_EXCED_RANGE: 206,
  ERROR_META_EXPANSION_TOO_LONG: 208,
  ERROR_BAD_PIPE: 230,
  ERROR_PIPE_BUSY: 231,
  ERROR_NO_DATA: 232,
  ERROR_PIPE_NOT_CONNECTED: 233,
  ERROR_DIRECTORY: 267,
  ERROR_EA_TABLE_FULL: 277,
  ERROR_ELEVATION_REQUIRED: 740,
  ERROR_OPERATION_ABORTED: 995,
  ERROR_NOACCESS: 998,
  ERROR_INVALID_FLAGS: 1004,
  ERROR_END_OF_MEDIA: 1100,
  ERROR_FILEMARK_DETECTED: 1101,
  ERROR_BEGINNING_OF_MEDIA: 1102,
  ERROR_SETMARK_DETECTED: 1103,
  ERROR_NO_DATA_DETECTED: 1104,
  ERROR_INVALID_BLOCK_LENGTH: 1106,
  ERROR_BUS_RESET: 1111,
  ERROR_NO_UNICODE_TRANSLATION: 1113,
  ERROR_IO_DEVICE: 1117,
  ERROR_EOM_OVERFLOW: 1129,
  ERROR_DEVICE_REQUIRES_CLEANING: 1165,
  ERROR_DEVICE_DOOR_OPEN: 1166,
  ERROR_CONNECTION_REFUSED: 1225,
  ERROR_ADDRESS_ALREADY_ASSOCIATED: 1227,
  ERROR_NETWORK_UNREACHABLE: 1231,
  ERROR_HOST_UNREACHABLE: 1232,
  ERROR_CONNECTION_ABORTED: 1236,
  ERROR_PRIVILEGE_NOT_HELD: 1314,
  ERROR_DISK_CORRUPT: 1393,
  ERROR_SYMLINK_NOT_SUPPORTED: 1464,
  ERROR_CANT_ACCESS_FILE: 1920,
  ERROR_CANT_RESOLVE_FILENAME: 1921,
  ERROR_NOT_CONNECTED: 2250,
  ERROR_INVALID_REPARSE_DATA: 4392,
} as const;

/**
 * libuv's uv_translate_sys_error() on Windows: a Win32 or Winsock error number to the libuv name
 * Node shows as err.code. Only the explicit cases are listed; any other positive number becomes
 * UNKNOWN. Several are lossy: WSAEINTR becomes ECANCELED, WSAESHUTDOWN becomes EPIPE,
 * WSAEPFNOSUPPORT becomes EINVAL, WSAHOST_NOT_FOUND and WSANO_DATA become ENOENT (the
 * getaddrinfo path translates those to EAI_* instead), and the remaining Winsock codes
 * (WSAENETDOWN, WSAENETRESET, WSAEHOSTDOWN, WSATRY_AGAIN...) become UNKNOWN.
 */
export const winsockToUv: Readonly<Record<number, UvName>> = {
  1: 'EISDIR', // ERROR_INVALID_FUNCTION
  2: 'ENOENT', // ERROR_FILE_NOT_FOUND
  3: 'ENOENT', // ERROR_PATH_NOT_FOUND
  4: 'EMFILE', // ERROR_TOO_MANY_OPEN_FILES
  5: 'EPERM', // ERROR_ACCESS_DENIED
  6: 'EBADF', // ERROR_INVALID_HANDLE
  8: 'ENOMEM', // ERROR_NOT_ENOUGH_MEMORY
  13: 'EINVAL', // ERROR_INVALID_DATA
  14: 'ENOMEM', // ERROR_OUTOFMEMORY
  15: 'ENOENT', // ERROR_INVALID_DRIVE
  17: 'EXDEV', // ERROR_NOT_SAME_DEVICE
  19: 'EROFS', // ERROR_WRITE_PROTECT
  23: 'EIO', // ERROR_CRC
  31: 'EIO', // ERROR_GEN_FAILURE
  32: 'EBUSY', // ERROR_SHARING_VIOLATION
  33: 'EBUSY', // ERROR_LOCK_VIOLATION
  39: 'ENOSPC', // ERROR_HANDLE_DISK_FULL
  50: 'ENOTSUP', // ERROR_NOT_SUPPORTED
  64: 'ECONNRESET', // ERROR_NETNAME_DELETED
  80: 'EEXIST', // ERROR_FILE_EXISTS
  82: 'ENOSPC', // ERROR_CANNOT_MAKE
  87: 'EINVAL', // ERROR_INVALID_PARAMETER
  109: 'EOF', // ERROR_BROKEN_PIPE
  110: 'EIO', // ERROR_OPEN_FAILED
  111: 'ENAMETOOLONG', // ERROR_BUFFER_OVERFLOW
  112: 'ENOSPC', // ERROR_DISK_FULL
  121: 'ETIMEDOUT', // ERROR_SEM_TIMEOUT
  122: 'EINVAL', // ERROR_INSUFFICIENT_BUFFER
  123: 'ENOENT', // ERROR_INVALID_NAME
  126: 'ENOENT', // ERROR_MOD_NOT_FOUND
  145: 'ENOTEMPTY', // ERROR_DIR_NOT_EMPTY
  156: 'EIO', // ERROR_SIGNAL_REFUSED
  161: 'ENOENT', // ERROR_BAD_PATHNAME
  183: 'EEXIST', // ERROR_ALREADY_EXISTS
  193: 'EFTYPE', // ERROR_BAD_EXE_FORMAT
  203: 'ENOENT', // ERROR_ENVVAR_NOT_FOUND
  205: 'EIO', // ERROR_NO_SIGNAL_SENT
  206: 'ENAMETOOLONG', // ERROR_FILENAME_EXCED_RANGE
  208: 'E2BIG', // ERROR_META_EXPANSION_TOO_LONG
  230: 'EPIPE', // ERROR_BAD_PIPE
  231: 'EBUSY', // ERROR_PIPE_BUSY
  232: 'EAGAIN', // ERROR_NO_DATA
  233: 'EPIPE', // ERROR_PIPE_NOT_CONNECTED
  267: 'ENOENT', // ERROR_DIRECTORY
  277: 'ENOSPC', // ERROR_EA_TABLE_FULL
  740: 'EACCES', // ERROR_ELEVATION_REQUIRED
  995: 'ECANCELED', // ERROR_OPERATION_ABORTED
  998: 'EFAULT', // ERROR_NOACCESS
  1004: 'EBADF', // ERROR_INVALID_FLAGS
  1100: 'ENOSPC', // ERROR_END_OF_MEDIA
  1101: 'EIO', // ERROR_FILEMARK_DETECTED
  1102: 'EIO', // ERROR_BEGINNING_OF_MEDIA
  1103: 'EIO', // ERROR_SETMARK_DETECTED
  1104: 'EIO', // ERROR_NO_DATA_DETECTED
  1106: 'EIO', // ERROR_INVALID_BLOCK_LENGTH
  1111: 'EIO', // ERROR_BUS_RESET
  1113: 'ECHARSET', // ERROR_NO_UNICODE_TRANSLATION
  1117: 'EIO', // ERROR_IO_DEVICE
  1129: 'EIO', // ERROR_EOM_OVERFLOW
  1165: 'EIO', // ERROR_DEVICE_REQUIRES_CLEANING
  1166: 'EIO', // ERROR_DEVICE_DOOR_OPEN
  1225: 'ECONNREFUSED', // ERROR_CONNECTION_REFUSED
  1227: 'EADDRINUSE', // ERROR_ADDRESS_ALREADY_ASSOCIATED
  1231: 'ENETUNREACH', // ERROR_NETWORK_UNREACHABLE
  1232: 'EHOSTUNREACH', // ERROR_HOST_UNREACHABLE
  1236: 'ECONNABORTED', // ERROR_CONNECTION_ABORTED
  1314: 'EPERM', // ERROR_PRIVILEGE_NOT_HELD
  1393: 'EIO', // ERROR_DISK_CORRUPT
  1464: 'EINVAL', // ERROR_SYMLINK_NOT_SUPPORTED
  1920: 'EACCES', // ERROR_CANT_ACCESS_FILE
  1921: 'ELOOP', // ERROR_CANT_RESOLVE_FILENAME
  2250: 'ENOTCONN', // ERROR_NOT_CONNECTED
  4392: 'ENOENT', // ERROR_INVALID_REPARSE_DATA
  10004: 'ECANCELED', // WSAEINTR
  10013: 'EACCES', // WSAEACCES
  10014: 'EFAULT', // WSAEFAULT
  10022: 'EINVAL', // WSAEINVAL
  10024: 'EMFILE', // WSAEMFILE
  10035: 'EAGAIN', // WSAEWOULDBLOCK
  10037: 'EALREADY', // WSAEALREADY
  10038: 'ENOTSOCK', // WSAENOTSOCK
  10040: 'EMSGSIZE', // WSAEMSGSIZE
  10043: 'EPROTONOSUPPORT', // WSAEPROTONOSUPPORT
  10044: 'ESOCKTNOSUPPORT', // WSAESOCKTNOSUPPORT
  10046: 'EINVAL', // WSAEPFNOSUPPORT
  10047: 'EAFNOSUPPORT', // WSAEAFNOSUPPORT
  10048: 'EADDRINUSE', // WSAEADDRINUSE
  10049: 'EADDRNOTAVAIL', // WSAEADDRNOTAVAIL
  10051: 'ENETUNREACH', // WSAENETUNREACH
  10053: 'ECONNABORTED', // WSAECONNABORTED
  10054: 'ECONNRESET', // WSAECONNRESET
  10055: 'ENOBUFS', // WSAENOBUFS
  10056: 'EISCONN', // WSAEISCONN
  10057: 'ENOTCONN', // WSAENOTCONN
  10058: 'EPIPE', // WSAESHUTDOWN
  10060: 'ETIMEDOUT', // WSAETIMEDOUT
  10061: 'ECONNREFUSED', // WSAECONNREFUSED
  10065: 'EHOSTUNREACH', // WSAEHOSTUNREACH
  11001: 'ENOENT', // WSAHOST_NOT_FOUND
  11004: 'ENOENT', // WSANO_DATA
};

/** One case of {@link winsockToUv} that older libuv releases (and so older Node) map differently. */
export interface WinsockToUvChange {
  /** The Windows error number. */
  readonly number: number;
  /** Its name (`ERROR_BUFFER_OVERFLOW`). */
  readonly name: string;
  /** What libuv before `since` returns for this number. */
  readonly before: UvName;
  /** The first libuv release with the mapping in {@link winsockToUv}. */
  readonly since: string;
}

/**
 * Cases whose mapping changed after libuv 1.46 (the libuv of Node 20): libuv 1.49 and 1.50, which
 * newer Node lines ship, remapped them. On the write path libuv 1.50+ still reports ERROR_NO_DATA
 * and ERROR_BROKEN_PIPE as EPIPE (uv_translate_write_sys_error).
 */
export const winsockToUvChanges: readonly WinsockToUvChange[] = [
  { number: 111, name: 'ERROR_BUFFER_OVERFLOW', before: 'EFAULT', since: '1.50.0' },
  { number: 193, name: 'ERROR_BAD_EXE_FORMAT', before: 'UNKNOWN', since: '1.49.0' },
  { number: 232, name: 'ERROR_NO_DATA', before: 'EPIPE', since: '1.49.0' },
  { number: 998, name: 'ERROR_NOACCESS', before: 'EACCES', since: '1.50.0' },
];
