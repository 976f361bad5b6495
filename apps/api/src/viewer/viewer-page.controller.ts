import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/auth/auth.decorators';
import { VIEWER_CSP, VIEWER_CSS, VIEWER_HTML, VIEWER_JS } from './page/viewer-page.assets';

/**
 * The viewer web page. The same page answers every token, valid or not: the page asks the viewer API, so the
 * HTML itself reveals nothing about a link. No Referer leaves it, so the token in the URL never reaches the
 * video host.
 */
@ApiExcludeController()
@Public()
@Controller('s')
export class ViewerPageController {
  @Get('assets/viewer.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  script() {
    return VIEWER_JS;
  }

  @Get('assets/viewer.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  style() {
    return VIEWER_CSS;
  }

  @Get(':token')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', VIEWER_CSP)
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('X-Frame-Options', 'DENY')
  page() {
    return VIEWER_HTML;
  }
}
