/** Small uploads whose first bytes match their names. */
export const PDF = new Uint8Array(Buffer.from('%PDF-1.7\n教学设计 lesson design\n%%EOF\n'));
export const MP4 = new Uint8Array(
  Buffer.concat([Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]), Buffer.alloc(64, 1)]),
);
export const EXE = new Uint8Array(Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)]));

export const upload = (name: string) => ({
  'x-filename': encodeURIComponent(name),
  'content-type': 'application/octet-stream',
});

/** A reflection long enough for the 300-character minimum. */
export const reflection = (seed: string) =>
  `${seed}：本节课我运用信息技术创设情境导入新课，借助希沃白板呈现学生熟悉的生活场景，引发学生思考。`.repeat(8);
