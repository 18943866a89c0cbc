// The answers order-child.mjs must print for each order: its lookup gives 127.0.0.2, ::1, 127.0.0.3.
const lists = {
  verbatim: ['127.0.0.2', '::1', '127.0.0.3'],
  ipv4first: ['127.0.0.2', '127.0.0.3', '::1'],
  ipv6first: ['::1', '127.0.0.2', '127.0.0.3'],
};

export function expected(order) {
  const list = lists[order];
  return {
    promisified: list,
    promises: list,
    promisifiedOne: list[0],
    promisesEmpty: list[0],
    default: order,
  };
}
