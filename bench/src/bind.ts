export async function run(): Promise<void> {
  console.log('no benchmark yet');
  await Promise.resolve();
}
