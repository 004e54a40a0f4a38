/**
 * The published Spanish versions of the PHQ-9 and GAD-7, for patients who choose Spanish in the portal.
 *
 * Source: Pfizer's PHQ-9 and GAD-7 "Spanish for the USA" versions, distributed with the PHQ screeners
 * (phqscreeners.com; free to reproduce and translate, domain §6.1-6.2 licensing). The PHQ-9 item wording was
 * cross-checked against the Spanish translation printed beside each item in Frontiers in Psychology 2025
 * (PMC12540321, table 2), which uses the familiar "tú" form of the same text. Items keep the English order, so
 * answers score exactly as the English ones (scoreInstrument).
 */
import type { InstrumentId } from './instruments.js';

export type TranslatedInstrument = { title: string; stem: string; items: readonly string[]; options: readonly string[]; attribution: string };

const FRECUENCIA = ['Ningún día', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días'] as const;
const ATRIBUCION =
  'Desarrollado por los doctores Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke y colegas, mediante una subvención educativa de Pfizer Inc. No se requiere permiso para reproducir, traducir, presentar o distribuir.';

export const INSTRUMENTS_ES: Partial<Record<InstrumentId, TranslatedInstrument>> = {
  'PHQ-9': {
    title: 'Cuestionario sobre la salud del paciente (PHQ-9)',
    stem: 'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
    items: [
      'Poco interés o placer en hacer cosas',
      'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
      'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado',
      'Se ha sentido cansado(a) o con poca energía',
      'Sin apetito o ha comido en exceso',
      'Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
      'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
      '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
      'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
    ],
    options: FRECUENCIA,
    attribution: ATRIBUCION,
  },
  'GAD-7': {
    title: 'Trastorno de ansiedad generalizada (GAD-7)',
    stem: 'Durante las últimas 2 semanas, ¿con qué frecuencia ha sentido molestias por los siguientes problemas?',
    items: [
      'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
      'No ha sido capaz de parar o controlar su preocupación',
      'Se ha preocupado demasiado por motivos diferentes',
      'Ha tenido dificultad para relajarse',
      'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
      'Se ha molestado o irritado fácilmente',
      'Ha tenido miedo de que algo terrible fuera a pasar',
    ],
    options: FRECUENCIA,
    attribution: ATRIBUCION,
  },
};
