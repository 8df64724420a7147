import { createExtensionTester } from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import incidentsPlugin from './alpha';
import {
  EntityIncidentsCard,
  EntityIncidentsContent,
  EntityRunbooksContent,
  RunbooksPage,
  incidentsPlugin as legacyPlugin,
  isIncidentsAvailable,
} from './index';

const entity = (kind: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
});

describe('the incidents plugin', () => {
  it('adds an Incidents tab at incidents for components, resources, systems and groups', () => {
    const tester = createExtensionTester(
      incidentsPlugin.getExtension('entity-content:incidents/incidents'),
    );
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Incidents');
    const applies = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      ['Component', 'Resource', 'System', 'Group'].map(k => applies(entity(k))),
    ).toEqual([true, true, true, true]);
    expect(['API', 'User', 'Domain'].map(k => applies(entity(k)))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('adds an overview card in the main column', () => {
    const tester = createExtensionTester(
      incidentsPlugin.getExtension('entity-card:incidents/incidents'),
    );
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
    const applies = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(applies(entity('System'))).toBe(true);
    expect(applies(entity('User'))).toBe(false);
  });

  it('adds a Runbooks tab at runbooks and a Runbooks page at /runbooks', () => {
    const tab = createExtensionTester(
      incidentsPlugin.getExtension('entity-content:incidents/runbooks'),
    );
    expect(tab.get(EntityContentBlueprint.dataRefs.title)).toBe('Runbooks');
    expect(tab.get(coreExtensionData.routePath)).toBe('runbooks');
    expect(
      tab.get(EntityContentBlueprint.dataRefs.filterFunction)!(
        entity('Component'),
      ),
    ).toBe(true);

    const page = createExtensionTester(
      incidentsPlugin.getExtension('page:incidents/runbooks'),
    );
    expect(page.get(coreExtensionData.routePath)).toBe('/runbooks');
    expect(page.get(coreExtensionData.title)).toBe('Runbooks');
    expect(RunbooksPage).toBeDefined();
    expect(EntityRunbooksContent).toBeDefined();
  });

  it('exports the legacy extensions and their entity filter', () => {
    expect(legacyPlugin.getId()).toBe('incidents');
    expect(EntityIncidentsContent).toBeDefined();
    expect(EntityIncidentsCard).toBeDefined();
    expect(
      ['Component', 'Resource', 'System', 'Group'].map(k =>
        isIncidentsAvailable(entity(k)),
      ),
    ).toEqual([true, true, true, true]);
    expect(
      ['API', 'User', 'Domain'].map(k => isIncidentsAvailable(entity(k))),
    ).toEqual([false, false, false]);
  });
});
