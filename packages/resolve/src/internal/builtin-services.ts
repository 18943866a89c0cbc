/**
 * The services the built-in table knows, used only when the system services database is missing
 * or unreadable (minimal containers often lack /etc/services). Written in the services(5) format
 * and parsed by the same code as the real file.
 *
 * Source: the IANA Service Name and Transport Protocol Port Number Registry, as Debian's netbase
 * 6.4 `/etc/services` lists it (copied from a Debian 12 system, 2026-11-25). Debian lists a name
 * only for the protocols it is used with, so `http` is 80/tcp alone and `ntp` is 123/udp alone;
 * this table keeps that. Aliases are Debian's.
 */
export const builtinServices: string = `
echo            7/tcp
echo            7/udp
discard         9/tcp       sink null
discard         9/udp       sink null
daytime         13/tcp
daytime         13/udp
ftp-data        20/tcp
ftp             21/tcp
ssh             22/tcp
telnet          23/tcp
smtp            25/tcp      mail
time            37/tcp      timserver
time            37/udp      timserver
domain          53/tcp
domain          53/udp
bootps          67/udp
bootpc          68/udp
tftp            69/udp
gopher          70/tcp
finger          79/tcp
http            80/tcp      www
kerberos        88/tcp      kerberos5 krb5 kerberos-sec
kerberos        88/udp      kerberos5 krb5 kerberos-sec
pop3            110/tcp     pop-3
sunrpc          111/tcp     portmapper
sunrpc          111/udp     portmapper
auth            113/tcp     authentication tap ident
nntp            119/tcp     readnews untp
ntp             123/udp
netbios-ns      137/udp
netbios-dgm     138/udp
netbios-ssn     139/tcp
imap2           143/tcp     imap
snmp            161/tcp
snmp            161/udp
snmp-trap       162/tcp     snmptrap
snmp-trap       162/udp     snmptrap
bgp             179/tcp
ldap            389/tcp
ldap            389/udp
https           443/tcp
https           443/udp
microsoft-ds    445/tcp
kpasswd         464/tcp
kpasswd         464/udp
submissions     465/tcp     ssmtp smtps urd
isakmp          500/udp
syslog          514/udp
printer         515/tcp     spooler
route           520/udp     router routed
rtsp            554/tcp
rtsp            554/udp
ipp             631/tcp
ldaps           636/tcp
ldaps           636/udp
domain-s        853/tcp
domain-s        853/udp
rsync           873/tcp
ftps-data       989/tcp
ftps            990/tcp
telnets         992/tcp
imaps           993/tcp
pop3s           995/tcp
socks           1080/tcp
openvpn         1194/tcp
openvpn         1194/udp
radius          1812/tcp
radius          1812/udp
radius-acct     1813/tcp    radacct
radius-acct     1813/udp    radacct
nfs             2049/tcp
nfs             2049/udp
cvspserver      2401/tcp
mysql           3306/tcp
svn             3690/tcp    subversion
sieve           4190/tcp
sip             5060/tcp
sip             5060/udp
sip-tls         5061/tcp
sip-tls         5061/udp
xmpp-client     5222/tcp    jabber-client
xmpp-server     5269/tcp    jabber-server
mdns            5353/udp
postgresql      5432/tcp    postgres
amqps           5671/tcp
amqp            5672/tcp
x11             6000/tcp    x11-0
redis           6379/tcp
http-alt        8080/tcp    webcache
git             9418/tcp
hkp             11371/tcp
`;
