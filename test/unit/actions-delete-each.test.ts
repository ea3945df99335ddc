import { describe, expect, it } from 'vitest';
import { deleteEach } from '../../src/actions/delete-each.js';
import { NotFoundError, ServerError } from '../../src/gateway/errors.js';

describe('deleting what a contact holds (unenroll, leave_community)', () => {
  it('deletes each entry and tells the view, done when a delete took effect', async () => {
    const removed: number[] = [];
    const forgotten: number[] = [];
    const outcome = await deleteEach([{ id: 1 }, { id: 2 }], async (id) => void removed.push(id), (id) => void forgotten.push(id));
    expect(outcome).toBe('done');
    expect(removed).toEqual([1, 2]);
    expect(forgotten).toEqual([1, 2]);
  });

  it('is already done when there is nothing to delete, or what was there was deleted meanwhile (404)', async () => {
    expect(await deleteEach([], async () => undefined, () => undefined)).toBe('already');
    const forgotten: number[] = [];
    const gone = async () => {
      throw new NotFoundError('enrollments.delete', 'enrollment 5 not found (404)');
    };
    expect(await deleteEach([{ id: 5 }], gone, (id) => void forgotten.push(id))).toBe('already');
    // The view forgets it either way: it no longer exists.
    expect(forgotten).toEqual([5]);
  });

  it('stops at any other error, with the view still holding what was not deleted', async () => {
    const forgotten: number[] = [];
    const failing = async (id: number) => {
      if (id === 2) throw new ServerError('memberships.delete', 503, 'the API answered 503');
    };
    await expect(deleteEach([{ id: 1 }, { id: 2 }, { id: 3 }], failing, (id) => void forgotten.push(id))).rejects.toBeInstanceOf(ServerError);
    expect(forgotten).toEqual([1]);
  });
});
