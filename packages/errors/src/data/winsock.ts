// Every Windows Sockets error code, with a short title, a description in our own words and the
// errno name it corresponds to where there is one (undefined where none exists on Linux).
//
// Numbers: the Windows SDK's winerror.h / winsock2.h (WSABASEERR 10000 + n), cross-checked against
// mingw-w64 and Wine's headers: the six WSA_* aliases of Win32 errors (6, 8, 87, 995, 996, 997),
// 10004..10112 where defined, the resolver codes 11001..11004, WSA_QOS_* 11005..11031 and the two
// getaddrinfo-only codes 11032..11033. The titles follow Microsoft's "Windows Sockets Error Codes"
// list. WSANO_ADDRESS is a header alias of WSANO_DATA (see winsockAliases). The Windows lane holds
// every WSA* name of node.exe's os.constants.errno against these numbers.
// libuv's translation of these numbers is in winsock-to-uv.ts.

/** One Winsock error code. */
export interface WinsockEntry {
  readonly name: string;
  readonly number: number;
  readonly title: string;
  readonly description: string;
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
